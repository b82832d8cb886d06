package io.opsdeck.shared;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which classes Opsdeck's {@code @Transactional} and {@code @PreAuthorize} advisors look at (issue 8, start-up,
 * seventeenth round): Opsdeck's own, their class proxies, and proxies of Opsdeck's interfaces; not Spring's or the
 * JDK's.
 */
class OpsdeckAdvisedClassesTests {

	private final OpsdeckAdvisedClasses filter = OpsdeckAdvisedClasses.INSTANCE;

	@Test
	void opsdecksClassesAndTheirClassProxiesMatch() {
		assertThat(filter.matches(OpsdeckAdvisedClassesTests.class)).isTrue();
		ProxyFactory factory = new ProxyFactory(new Example());
		factory.setProxyTargetClass(true);
		Class<?> classProxy = factory.getProxy().getClass();
		assertThat(classProxy.getName()).contains("$$");
		assertThat(filter.matches(classProxy)).isTrue();
	}

	@Test
	void aJdkProxyOfAnOpsdeckInterfaceMatches() {
		Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Marker.class },
				(self, method, arguments) -> null);
		assertThat(proxy.getClass().getName()).doesNotStartWith("io.opsdeck.");
		assertThat(filter.matches(proxy.getClass())).isTrue();
	}

	@Test
	void otherClassesDoNotMatch() {
		assertThat(filter.matches(JdbcTemplate.class)).isFalse();
		assertThat(filter.matches(String.class)).isFalse();
		Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Runnable.class },
				(self, method, arguments) -> null);
		assertThat(filter.matches(proxy.getClass())).isFalse();
	}

	/** Public, so its JDK proxy class is defined outside {@code io.opsdeck} (a package-private one's is not). */
	public interface Marker {

	}

	static class Example {

	}

}
