package io.opsdeck;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PostFilter;
import org.springframework.security.access.prepost.PreFilter;
import org.springframework.security.authorization.method.AuthorizeReturnObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps periodic work out of the start (issue 8, start-up to ready; docs/benchmarks.md, "7. Start-up, eleventh
 * round"): a {@code @Scheduled} method without a positive initial delay runs when the context is refreshed, i.e.
 * while Opsdeck still starts (Tomcat, Quartz, the ready listeners), and competes with the start for the two cores.
 * Work that should happen right after the start listens for readiness instead (the gauges implement {@code RefreshedWhenReady}).
 * <p>
 * And keeps the start's method-security advisors to the one Opsdeck uses (twelfth round): only {@code @PreAuthorize}
 * is registered ({@code MethodSecurityConfiguration}), so any other method-security annotation would be silently
 * ignored; none may be used.
 * <p>
 * And keeps Boot's AspectJ auto-proxy creator out (thirteenth round): {@code spring.aop.auto=false}, so an
 * {@code @Aspect} class would be silently ignored; none may exist.
 */
class StartupWorkTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(new ImportOption.DoNotIncludeTests())
		.importPackages("io.opsdeck");

	@Test
	void noScheduledMethodRunsWhileOpsdeckStarts() {
		List<String> atStart = CLASSES.stream()
			.flatMap((JavaClass type) -> type.getMethods().stream())
			.filter((JavaMethod method) -> method.isAnnotatedWith(Scheduled.class))
			.filter((JavaMethod method) -> runsAtStart(method.getAnnotationOfType(Scheduled.class)))
			.map(JavaMethod::getFullName)
			.toList();
		assertThat(atStart).isEmpty();
	}

	@Test
	void theRuleSeesAScheduledMethodWithoutInitialDelay() throws NoSuchMethodException {
		Scheduled immediate = Examples.class.getDeclaredMethod("immediate").getAnnotation(Scheduled.class);
		Scheduled zero = Examples.class.getDeclaredMethod("zero").getAnnotation(Scheduled.class);
		Scheduled delayed = Examples.class.getDeclaredMethod("delayed").getAnnotation(Scheduled.class);
		Scheduled cron = Examples.class.getDeclaredMethod("cron").getAnnotation(Scheduled.class);
		assertThat(runsAtStart(immediate)).isTrue();
		assertThat(runsAtStart(zero)).isTrue();
		assertThat(runsAtStart(delayed)).isFalse();
		assertThat(runsAtStart(cron)).isFalse();
	}

	@Test
	void noMethodSecurityAnnotationButPreAuthorize() {
		assertThat(usesOf(CLASSES, UNREGISTERED_METHOD_SECURITY)).isEmpty();
	}

	@Test
	void theRuleSeesAMethodSecurityAnnotationOnAClassOrAMethod() {
		JavaClasses examples = new ClassFileImporter().importClasses(SecuredExamples.class,
				SecuredExamples.FilteredClass.class);
		assertThat(usesOf(examples, UNREGISTERED_METHOD_SECURITY)).containsExactlyInAnyOrder(
				SecuredExamples.class.getName() + ".postAuthorized()",
				SecuredExamples.class.getName() + ".preFiltered(java.util.List)",
				SecuredExamples.FilteredClass.class.getName(), SecuredExamples.class.getName() + ".proxied()");
	}

	@Test
	void noAspect() {
		assertThat(usesOf(CLASSES, List.of(Aspect.class))).isEmpty();
	}

	@Test
	void theRuleSeesAnAspect() {
		JavaClasses examples = new ClassFileImporter().importClasses(AnAspect.class, Examples.class);
		assertThat(usesOf(examples, List.of(Aspect.class))).containsExactly(AnAspect.class.getName());
	}

	/** An {@code @Aspect} would be ignored: {@code spring.aop.auto=false} (application.yml, thirteenth round). */
	@Aspect
	private static final class AnAspect {

	}

	/**
	 * What only {@code @EnableMethodSecurity}'s default advisors would enforce, {@code @Secured} (never switched on),
	 * and {@code @AuthorizeReturnObject} (its advisor is removed: fifteenth round).
	 */
	private static final List<Class<? extends Annotation>> UNREGISTERED_METHOD_SECURITY = List.of(PostAuthorize.class,
			PreFilter.class, PostFilter.class, Secured.class, AuthorizeReturnObject.class);

	/**
	 * @return the classes (by name) and methods (by full name) of {@code classes} annotated with one of
	 * {@code annotations}
	 */
	private static List<String> usesOf(JavaClasses classes, List<Class<? extends Annotation>> annotations) {
		return classes.stream()
			.flatMap((JavaClass type) -> Stream.concat(
					annotations.stream().anyMatch(type::isAnnotatedWith) ? Stream.of(type.getName()) : Stream.empty(),
					type.getMethods()
						.stream()
						.filter((JavaMethod method) -> annotations.stream().anyMatch(method::isAnnotatedWith))
						.map(JavaMethod::getFullName)))
			.toList();
	}

	/**
	 * @return whether Spring runs the method as soon as the context is refreshed: a fixed delay or rate without an
	 * initial delay (the default, -1, means none) or with 0
	 */
	private static boolean runsAtStart(Scheduled scheduled) {
		if (!scheduled.cron().isEmpty()) {
			return false;
		}
		return scheduled.initialDelay() <= 0 && scheduled.initialDelayString().isEmpty();
	}

	@SuppressWarnings("unused")
	private static final class Examples {

		@Scheduled(fixedDelay = 1000)
		void immediate() {
		}

		@Scheduled(initialDelay = 0, fixedDelay = 1000)
		void zero() {
		}

		@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
		void delayed() {
		}

		@Scheduled(cron = "0 0 * * * *")
		void cron() {
		}

	}

	@SuppressWarnings("unused")
	private static final class SecuredExamples {

		@PostAuthorize("true")
		void postAuthorized() {
		}

		@PreFilter("true")
		void preFiltered(List<String> values) {
		}

		@org.springframework.security.access.prepost.PreAuthorize("true")
		void preAuthorized() {
		}

		@AuthorizeReturnObject
		Object proxied() {
			return null;
		}

		@Secured("ROLE_ADMIN")
		static final class FilteredClass {

		}

	}

}
