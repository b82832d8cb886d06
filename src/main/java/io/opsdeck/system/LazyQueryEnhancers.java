package io.opsdeck.system;

import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.query.DeclaredQuery;
import org.springframework.data.jpa.repository.query.QueryEnhancer;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactory;
import org.springframework.data.jpa.repository.query.QueryEnhancerSelector;
import org.springframework.data.jpa.repository.query.QueryProvider;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;
import org.springframework.data.util.Lazy;

/**
 * Spring Data JPA's query enhancers, parsed on first use instead of at start-up (issue 8, start-up time).
 * <p>
 * For every {@code @Query} method Spring Data builds a {@link QueryEnhancer} when the repository is created, which
 * parses the JPQL with ANTLR: about a sixth of the main thread's start-up CPU. The enhancer is needed only to
 * rewrite a query for a {@code Sort}/{@code Pageable} argument or to derive a count query, so the same enhancer (the
 * default selector's choice, unchanged) is created at its first use. Start-up still checks every query: Spring Data
 * validates each {@code @Query} with Hibernate ({@code EntityManager.createQuery}) while creating the repository,
 * and a {@code Page} method's count query is derived (so parsed) right there as before.
 */
@Configuration(proxyBeanMethods = false)
public class LazyQueryEnhancers {

	/**
	 * @return a post-processor that gives every JPA repository factory the lazy selector before it creates its
	 * repository
	 */
	@Bean
	static BeanPostProcessor lazyQueryEnhancerSelectorPostProcessor() {
		QueryEnhancerSelector selector = new LazySelector(QueryEnhancerSelector.DEFAULT_SELECTOR);
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
				if (bean instanceof JpaRepositoryFactoryBean<?, ?, ?> factory) {
					factory.setQueryEnhancerSelectorSource(selector);
				}
				return bean;
			}
		};
	}

	/** Chooses what {@code delegate} chooses, and makes its enhancers lazy. */
	record LazySelector(QueryEnhancerSelector delegate) implements QueryEnhancerSelector {

		@Override
		public QueryEnhancerFactory select(DeclaredQuery query) {
			QueryEnhancerFactory factory = delegate.select(query);
			return new QueryEnhancerFactory() {
				@Override
				public boolean supports(DeclaredQuery declaredQuery) {
					return factory.supports(declaredQuery);
				}

				@Override
				public QueryEnhancer create(QueryProvider provider) {
					return new LazyEnhancer(Lazy.of(() -> factory.create(provider)), provider);
				}
			};
		}

	}

	/** A {@link QueryEnhancer} created by its first call (thread-safe: {@link Lazy} may create it twice, harmlessly). */
	record LazyEnhancer(Supplier<QueryEnhancer> enhancer, QueryProvider query) implements QueryEnhancer {

		/** The keyword of a JPQL/HQL constructor expression, as a word in any case (also in SQL: never a false no). */
		private static final Pattern NEW_KEYWORD = Pattern.compile("\\bnew\\b", Pattern.CASE_INSENSITIVE);

		@Override
		public boolean isSelectQuery() {
			return enhancer.get().isSelectQuery();
		}

		/**
		 * Spring Data asks this at a query method's first call when the method returns neither the entity nor a
		 * projection interface (e.g. {@code List<Object[]>}): answered without parsing when the query has no
		 * {@code new} keyword, since a constructor expression ({@code select new ...}) needs one.
		 */
		@Override
		public boolean hasConstructorExpression() {
			if (!NEW_KEYWORD.matcher(query.getQueryString()).find()) {
				return false;
			}
			return enhancer.get().hasConstructorExpression();
		}

		@Override
		public String detectAlias() {
			return enhancer.get().detectAlias();
		}

		@Override
		public String getProjection() {
			return enhancer.get().getProjection();
		}

		@Override
		public QueryProvider getQuery() {
			return query;
		}

		@Override
		public String rewrite(QueryRewriteInformation rewriteInformation) {
			return enhancer.get().rewrite(rewriteInformation);
		}

		@Override
		public String createCountQueryFor(String countProjection) {
			return enhancer.get().createCountQueryFor(countProjection);
		}

	}

}
