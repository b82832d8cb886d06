package io.opsdeck.shared;

import org.springframework.aop.ClassFilter;
import org.springframework.util.ClassUtils;

/**
 * The classes Opsdeck's own annotation-driven advice can apply to: {@code @Transactional}
 * ({@code system.OpsdeckTransactionAttributes}) and {@code @PreAuthorize} ({@code identity.web.MethodSecurityConfiguration}).
 * <p>
 * At start-up the auto-proxy creator matches every advisor's pointcut against every method of every bean, about 800
 * beans of which most are Spring's, Hibernate's and Tomcat's; each match looks the annotation up on the method, its
 * class and their supertypes. Only Opsdeck's code carries those annotations, so the advisors' class filters stop at
 * classes that are neither in {@code io.opsdeck} nor implement an interface of it: issue 8, start-up
 * (docs/benchmarks.md, "7. Start-up, seventeenth round"). The interface rule keeps JDK proxies of Opsdeck interfaces
 * (e.g. a Spring Data repository) matched as before. {@code OpsdeckAdvisedClassesTests} shows both rules.
 */
public final class OpsdeckAdvisedClasses implements ClassFilter {

	/** The one instance; stateless. */
	public static final OpsdeckAdvisedClasses INSTANCE = new OpsdeckAdvisedClasses();

	/** The package prefix of Opsdeck's own code. */
	static final String PACKAGE_PREFIX = "io.opsdeck.";

	private OpsdeckAdvisedClasses() {
	}

	/**
	 * @param type a bean's class (a CGLIB subclass counts as its user class)
	 * @return whether {@code type} is declared in {@code io.opsdeck} or implements (directly or through a superclass or
	 * superinterface) an interface declared there
	 */
	@Override
	public boolean matches(Class<?> type) {
		Class<?> user = ClassUtils.getUserClass(type);
		if (user.getName().startsWith(PACKAGE_PREFIX)) {
			return true;
		}
		for (Class<?> implemented : ClassUtils.getAllInterfacesForClassAsSet(user)) {
			if (implemented.getName().startsWith(PACKAGE_PREFIX)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "classes in or implementing interfaces of " + PACKAGE_PREFIX + "*";
	}

}
