package io.opsdeck.system;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Spring's bean factory, with two shortcuts in its look-ups by type (issue 8, start-up; docs/benchmarks.md, "7.
 * Start-up", thirteenth and fifteenth rounds). Installed by {@link OpsdeckContextFactory}.
 * <p>
 * <b>A look-up by a generic type</b> ({@code Customizer<CsrfConfigurer<HttpSecurity>>}) is answered from Spring's
 * cache when no bean has the type's raw class ({@code Customizer}) at all. Spring caches look-ups by a class but not
 * by a generic type: each of those walks every bean definition (about 800 in Opsdeck's AOT registrations) and
 * resolves its type. Spring Security's {@code HttpSecurity} bean asks for a {@code Customizer<…>} bean once per
 * customizer method of {@code HttpSecurity} (about 30) for each of Opsdeck's three filter chains, and Opsdeck
 * declares no {@code Customizer} bean: those look-ups were 7.8 % of {@code main}'s profiled CPU until ready. The
 * answer is the same: a bean that matches a generic type matches its raw class, with the same flags. The raw look-up
 * is Spring's own, cached once the configuration is frozen (the context's refresh, before the singletons are
 * created) and cleared whenever a definition or a singleton is registered; before that, and for look-ups that must
 * not initialise beans to learn their type ({@code allowEagerInit} false, which the cache does not serve), every
 * look-up is Spring's as before.
 * <p>
 * <b>Creating a singleton keeps the cached look-ups that already name it.</b> Spring drops, at each singleton it
 * creates, every cached look-up by a class the new object is an instance of (whether or not the look-up already
 * named that bean), because a bean's type is only predicted until it exists and the object may match a class its
 * prediction did not. With about 1,000 singletons, look-ups by common classes were dropped and walked again many
 * times: constructor autowiring walked the bean definitions for 5.7 % of {@code main}'s CPU after the configuration
 * was frozen. A look-up that already names the bean gives the same answer after it exists (creating one bean does
 * not change what the others match), so it is kept; the others are dropped as Spring drops them. Spring's cache
 * fields are private, so they are reached by reflection; if a Spring version renames them, the factory behaves as
 * Spring's ({@code GenericTypeLookupBeanFactoryTests} fails so that it is noticed).
 */
public class GenericTypeLookupBeanFactory extends DefaultListableBeanFactory {

	/** Spring's caches of look-ups by a class (with and without non-singletons), by field name. */
	static final List<String> BY_TYPE_CACHES = List.of("allBeanNamesByType", "singletonBeanNamesByType");

	private final List<Map<Class<?>, String[]>> byTypeCaches = byTypeCaches(this);

	@Override
	public String[] getBeanNamesForType(ResolvableType type, boolean includeNonSingletons, boolean allowEagerInit) {
		if (allowEagerInit && type.hasGenerics() && isConfigurationFrozen()) {
			Class<?> raw = type.resolve();
			if (raw != null && getBeanNamesForType(raw, includeNonSingletons, true).length == 0) {
				return new String[0];
			}
		}
		return super.getBeanNamesForType(type, includeNonSingletons, allowEagerInit);
	}

	/**
	 * Adds the singleton as Spring does, then puts back the cached look-ups by a class that Spring dropped although
	 * they already named {@code beanName}. Before the configuration is frozen Spring caches nothing: nothing to keep.
	 */
	@Override
	protected void addSingleton(String beanName, Object singletonObject) {
		if (byTypeCaches.isEmpty() || !isConfigurationFrozen()) {
			super.addSingleton(beanName, singletonObject);
			return;
		}
		Set<Class<?>> types = supertypes(singletonObject.getClass());
		List<Map<Class<?>, String[]>> kept = new ArrayList<>(byTypeCaches.size());
		for (Map<Class<?>, String[]> cache : byTypeCaches) {
			kept.add(naming(cache, types, beanName));
		}
		super.addSingleton(beanName, singletonObject);
		for (int i = 0; i < kept.size(); i++) {
			kept.get(i).forEach(byTypeCaches.get(i)::putIfAbsent);
		}
	}

	/** @return whether Spring's caches of look-ups by a class were found (false: this factory adds no shortcut there) */
	boolean keepsLookUpsAcrossSingletons() {
		return !byTypeCaches.isEmpty();
	}

	/**
	 * @return the entries of {@code cache} for {@code types} that name {@code beanName} (a class missing from
	 * {@code types} only means its entry is dropped, as Spring drops it)
	 */
	private static Map<Class<?>, String[]> naming(Map<Class<?>, String[]> cache, Set<Class<?>> types, String beanName) {
		Map<Class<?>, String[]> naming = new HashMap<>();
		for (Class<?> type : types) {
			String[] names = cache.get(type);
			if (names != null && ObjectUtils.containsElement(names, beanName)) {
				naming.put(type, names);
			}
		}
		return naming;
	}

	/** @return {@code type}, its superclasses but {@code Object}, and all their interfaces */
	private static Set<Class<?>> supertypes(Class<?> type) {
		Set<Class<?>> types = new LinkedHashSet<>(ClassUtils.getAllInterfacesForClassAsSet(type));
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			types.add(c);
		}
		return types;
	}

	/** @return Spring's by-class caches of {@code factory}, or none if a field is missing or of another type */
	@SuppressWarnings("unchecked")
	private static List<Map<Class<?>, String[]>> byTypeCaches(DefaultListableBeanFactory factory) {
		List<Map<Class<?>, String[]>> caches = new ArrayList<>();
		for (String name : BY_TYPE_CACHES) {
			@Nullable Field field = ReflectionUtils.findField(DefaultListableBeanFactory.class, name, Map.class);
			if (field == null) {
				return List.of();
			}
			ReflectionUtils.makeAccessible(field);
			caches.add((Map<Class<?>, String[]>) ReflectionUtils.getField(field, factory));
		}
		return List.copyOf(caches);
	}

}
