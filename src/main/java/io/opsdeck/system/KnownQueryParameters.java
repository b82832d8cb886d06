package io.opsdeck.system;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a query parameter that the API endpoint does not take, naming it: {@code GET /api/v1/runs?stauts=FAILED}
 * answered every run, and a CI script's misspelt filter on an endpoint that deletes would act on more than meant.
 * One rule for every {@code /api/} controller, read from the handler method itself: the names of its
 * {@code @RequestParam}s, {@code page}/{@code size}/{@code sort} for a {@code Pageable}, and the properties of an
 * object bound from the query ({@code @ModelAttribute} or a plain type of ours), and the names in its mapping's
 * {@code params} condition ({@code params = "follow=true"}). An endpoint that takes a map of
 * parameters accepts any name. The sets are computed once per handler method; a request costs a scan of its query
 * string's names. springdoc ({@code /v3/api-docs}) and actuator are not under {@code /api/} and are not checked.
 * Only the query string counts (the API takes JSON bodies, not forms). Runs after the route rules, so a caller
 * without the role hears 403 first.
 */
final class KnownQueryParameters implements HandlerInterceptor {

	private static final int MAX_NAME = 64;

	private final Map<Method, Optional<Set<String>>> known = new ConcurrentHashMap<>();

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String query = request.getQueryString();
		if (query == null || query.isEmpty() || !(handler instanceof HandlerMethod method)
				|| request.getDispatcherType() != DispatcherType.REQUEST
				|| !method.getBeanType().isAnnotationPresent(RestController.class)) {
			return true;
		}
		Optional<Set<String>> names = known.computeIfAbsent(method.getMethod(), (m) -> namesOf(method));
		if (names.isEmpty()) {
			return true;
		}
		List<String> unknown = new ArrayList<>();
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String name;
			try {
				name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return true; // not percent-encoded: the parameter binding names it (QueryStrings)
			}
			if (!pair.isEmpty() && !names.get().contains(name) && !unknown.contains(name)) {
				unknown.add((name.length() > MAX_NAME) ? name.substring(0, MAX_NAME) + "…" : name);
			}
		}
		if (!unknown.isEmpty()) {
			throw new UnknownParameters(unknown, names.get());
		}
		return true;
	}

	/** @return the names the method takes, or empty when it takes any (a map of parameters) */
	private static Optional<Set<String>> namesOf(HandlerMethod method) {
		Set<String> names = new TreeSet<>();
		RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
		if (mapping != null) {
			for (String condition : mapping.params()) { // params = "follow=true", "!follow": the mapping reads them
				String name = condition.strip().replaceFirst("^!", "").replaceFirst("!?=.*$", "");
				names.add(name);
			}
		}
		for (MethodParameter parameter : method.getMethodParameters()) {
			Class<?> type = parameter.getParameterType();
			RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
			if (param != null) {
				if (Map.class.isAssignableFrom(type)) {
					return Optional.empty();
				}
				String name = !param.name().isEmpty() ? param.name() : parameter.getParameterName();
				if (name == null) {
					return Optional.empty();
				}
				names.add(name);
			}
			else if (Pageable.class.isAssignableFrom(type)) {
				names.addAll(List.of("page", "size", "sort"));
			}
			else if (Sort.class.isAssignableFrom(type)) {
				names.add("sort");
			}
			else if (parameter.hasParameterAnnotation(ModelAttribute.class)
					|| (parameter.getParameterAnnotations().length == 0 && type.getName().startsWith("io.opsdeck.")
							&& !BeanUtils.isSimpleProperty(type))) {
				names.addAll(properties(type));
			}
		}
		return Optional.of(Set.copyOf(names));
	}

	private static Set<String> properties(Class<?> type) {
		Set<String> names = new LinkedHashSet<>();
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				names.add(component.getName());
			}
			return names;
		}
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getWriteMethod() != null) {
				names.add(property.getName());
			}
		}
		return names;
	}

	/**
	 * A request with query parameters its endpoint does not take: a {@code 400} problem listing each
	 * ({@link ApiProblemAdvice}).
	 */
	static final class UnknownParameters extends RuntimeException {

		private final List<String> names;

		private final Set<String> known;

		UnknownParameters(List<String> names, Set<String> known) {
			super("unknown query parameters " + names, null, false, false);
			this.names = List.copyOf(names);
			this.known = known;
		}

		List<String> names() {
			return this.names;
		}

		/** @return what the endpoint takes, for the message: "takes a, b and c" or "takes no query parameters" */
		String takes() {
			if (this.known.isEmpty()) {
				return "this endpoint takes no query parameters";
			}
			return "this endpoint takes " + String.join(", ", new TreeSet<>(this.known));
		}

	}

}
