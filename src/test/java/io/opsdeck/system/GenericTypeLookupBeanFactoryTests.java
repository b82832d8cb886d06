package io.opsdeck.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GenericTypeLookupBeanFactory} answers every generic look-up as Spring's bean factory does, and skips the walk
 * over the bean definitions when no bean has the raw class; {@link OpsdeckContextFactory} puts it under Opsdeck's
 * context.
 */
class GenericTypeLookupBeanFactoryTests {

	/** Look-ups by generic types with and without beans of their raw class, and by a raw class. */
	private static final List<ResolvableType> TYPES = List.of(
			ResolvableType.forClassWithGenerics(Consumer.class, String.class),
			ResolvableType.forClassWithGenerics(Consumer.class, Integer.class),
			ResolvableType.forClassWithGenerics(Consumer.class, Long.class),
			ResolvableType.forClassWithGenerics(FactoryBean.class, Object.class),
			ResolvableType.forClassWithGenerics(Comparable.class, String.class),
			ResolvableType.forClassWithGenerics(List.class, String.class), ResolvableType.forClass(Consumer.class),
			ResolvableType.forClass(Runnable.class));

	@Test
	void answersAsSpringsBeanFactoryDoesBeforeAndAfterTheConfigurationIsFrozen() {
		DefaultListableBeanFactory spring = withBeans(new DefaultListableBeanFactory());
		GenericTypeLookupBeanFactory opsdeck = withBeans(new GenericTypeLookupBeanFactory());
		assertThat(lookUps(opsdeck)).isEqualTo(lookUps(spring));

		spring.freezeConfiguration();
		opsdeck.freezeConfiguration();
		assertThat(lookUps(opsdeck)).isEqualTo(lookUps(spring));

		spring.preInstantiateSingletons();
		opsdeck.preInstantiateSingletons();
		assertThat(lookUps(opsdeck)).isEqualTo(lookUps(spring));

		// a singleton registered later clears Spring's cache of raw look-ups: it must be found
		Runnable late = () -> { };
		spring.registerSingleton("lateRunnable", late);
		opsdeck.registerSingleton("lateRunnable", late);
		spring.registerSingleton("lateComparable", "a String is a Comparable<String>");
		opsdeck.registerSingleton("lateComparable", "a String is a Comparable<String>");
		assertThat(lookUps(opsdeck)).isEqualTo(lookUps(spring));
		assertThat(opsdeck.getBeanNamesForType(TYPES.get(4))).containsExactly("lateComparable");
		assertThat(opsdeck.getBeanNamesForType(TYPES.get(0))).containsExactly("stringConsumer",
				"prototypeStringConsumer", "lazyStringConsumer");
	}

	@Test
	void aGenericLookUpWithoutABeanOfItsRawClassLooksAtNoBeanDefinition() {
		AtomicInteger typeMatches = new AtomicInteger();
		GenericTypeLookupBeanFactory counting = withBeans(new GenericTypeLookupBeanFactory() {
			@Override
			protected boolean isTypeMatch(String name, ResolvableType typeToMatch, boolean allowFactoryBeanInit) {
				typeMatches.incrementAndGet();
				return super.isTypeMatch(name, typeToMatch, allowFactoryBeanInit);
			}
		});
		counting.freezeConfiguration();
		ResolvableType noBean = ResolvableType.forClassWithGenerics(Comparable.class, String.class);
		counting.getBeanNamesForType(noBean); // the first asks Spring for the raw class (a walk, then cached)
		typeMatches.set(0);

		assertThat(counting.getBeanNamesForType(noBean)).isEmpty();
		assertThat(counting.getBeanProvider(noBean).orderedStream()).isEmpty();
		assertThat(typeMatches).hasValue(0);

		assertThat(counting.getBeanNamesForType(TYPES.get(0))).hasSize(3); // beans of the raw class: Spring's walk
		assertThat(typeMatches.get()).isPositive();
	}

	@Test
	void opsdecksServletContextHasTheBeanFactory() {
		ConfigurableApplicationContext context = ApplicationContextFactory.DEFAULT.create(WebApplicationType.SERVLET);
		assertThat(context.getBeanFactory()).isInstanceOf(GenericTypeLookupBeanFactory.class);
		assertThat(ApplicationContextFactory.DEFAULT.create(WebApplicationType.NONE).getBeanFactory())
			.isNotInstanceOf(GenericTypeLookupBeanFactory.class);
	}

	private static <F extends DefaultListableBeanFactory> F withBeans(F factory) {
		factory.registerBeanDefinition("stringConsumer", new RootBeanDefinition(StringConsumer.class));
		RootBeanDefinition prototype = new RootBeanDefinition(StringConsumer.class);
		prototype.setScope(RootBeanDefinition.SCOPE_PROTOTYPE);
		factory.registerBeanDefinition("prototypeStringConsumer", prototype);
		RootBeanDefinition lazy = new RootBeanDefinition(StringConsumer.class);
		lazy.setLazyInit(true);
		factory.registerBeanDefinition("lazyStringConsumer", lazy);
		RootBeanDefinition abstractOne = new RootBeanDefinition(StringConsumer.class);
		abstractOne.setAbstract(true);
		factory.registerBeanDefinition("abstractStringConsumer", abstractOne);
		factory.registerBeanDefinition("integerConsumers", new RootBeanDefinition(IntegerConsumers.class));
		factory.registerBeanDefinition("names", new RootBeanDefinition(ArrayList.class));
		return factory;
	}

	private static List<List<String>> lookUps(DefaultListableBeanFactory factory) {
		List<List<String>> answers = new ArrayList<>();
		for (ResolvableType type : TYPES) {
			for (boolean nonSingletons : new boolean[] { true, false }) {
				for (boolean eager : new boolean[] { true, false }) {
					answers.add(List.of(factory.getBeanNamesForType(type, nonSingletons, eager)));
				}
			}
			answers.add(factory.getBeanProvider(type).orderedStream().map(Object::getClass).map(Class::getName).toList());
		}
		return answers;
	}

	static class StringConsumer implements Consumer<String> {

		@Override
		public void accept(String value) {
		}

	}

	/** A factory bean of {@code Consumer<Integer>}: found by its product's type, or as {@code &integerConsumers}. */
	static class IntegerConsumers implements FactoryBean<Consumer<Integer>> {

		@Override
		public Consumer<Integer> getObject() {
			return (Integer value) -> { };
		}

		@Override
		public Class<?> getObjectType() {
			return Consumer.class;
		}

	}

}
