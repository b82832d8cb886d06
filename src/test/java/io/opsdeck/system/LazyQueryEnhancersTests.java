package io.opsdeck.system;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.data.jpa.repository.query.DeclaredQuery;
import org.springframework.data.jpa.repository.query.QueryEnhancer;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactory;
import org.springframework.data.jpa.repository.query.QueryEnhancerSelector;
import org.springframework.data.jpa.repository.query.QueryProvider;

import static org.assertj.core.api.Assertions.assertThat;

class LazyQueryEnhancersTests {

	private static final DeclaredQuery JPQL = DeclaredQuery.jpqlQuery(
			"select r from RunEntity r where r.status = :status order by r.createdAt desc");

	@Test
	void createsTheDefaultEnhancerOnlyAtItsFirstUse() {
		AtomicInteger created = new AtomicInteger();
		QueryEnhancerSelector counting = counting(created);

		QueryEnhancer lazy = new LazyQueryEnhancers.LazySelector(counting).select(JPQL).create(JPQL);

		assertThat(created).hasValue(0);
		assertThat(lazy.getQuery().getQueryString()).isEqualTo(JPQL.getQueryString());
		assertThat(created).hasValue(0);
		assertThat(lazy.detectAlias()).isEqualTo("r");
		lazy.createCountQueryFor(null);
		assertThat(created).hasValue(1);
	}

	@Test
	void answersWhatTheDefaultEnhancerAnswers() {
		QueryEnhancer eager = QueryEnhancerSelector.DEFAULT_SELECTOR.select(JPQL).create(JPQL);
		QueryEnhancer lazy = new LazyQueryEnhancers.LazySelector(QueryEnhancerSelector.DEFAULT_SELECTOR).select(JPQL)
			.create(JPQL);

		assertThat(lazy.detectAlias()).isEqualTo(eager.detectAlias());
		assertThat(lazy.getProjection()).isEqualTo(eager.getProjection());
		assertThat(lazy.hasConstructorExpression()).isEqualTo(eager.hasConstructorExpression());
		assertThat(lazy.isSelectQuery()).isEqualTo(eager.isSelectQuery());
		assertThat(lazy.createCountQueryFor(null)).isEqualTo(eager.createCountQueryFor(null));
	}

	@Test
	void answersWithoutParsingThatAQueryWithoutNewHasNoConstructorExpression() {
		AtomicInteger created = new AtomicInteger();
		QueryEnhancerSelector counting = counting(created);
		DeclaredQuery tuples = DeclaredQuery.jpqlQuery("select s.environmentId, s.renewedAt from DrillSettings s");

		assertThat(new LazyQueryEnhancers.LazySelector(counting).select(tuples).create(tuples)
			.hasConstructorExpression()).isFalse();
		assertThat(created).hasValue(0);
	}

	@Test
	void parsesAQueryWithNewToAnswerWhetherItHasAConstructorExpression() {
		for (String jpql : new String[] { "select new io.opsdeck.Row(r.id, r.status) from RunEntity r",
				"SELECT DISTINCT NEW io.opsdeck.Row(r.id) FROM RunEntity r",
				"select r.id from RunEntity r where r.note = 'new'" }) {
			DeclaredQuery query = DeclaredQuery.jpqlQuery(jpql);
			QueryEnhancer eager = QueryEnhancerSelector.DEFAULT_SELECTOR.select(query).create(query);
			QueryEnhancer lazy = new LazyQueryEnhancers.LazySelector(QueryEnhancerSelector.DEFAULT_SELECTOR)
				.select(query)
				.create(query);

			assertThat(lazy.hasConstructorExpression()).as(jpql).isEqualTo(eager.hasConstructorExpression());
		}
		DeclaredQuery constructor = DeclaredQuery.jpqlQuery("select new io.opsdeck.Row(r.id) from RunEntity r");
		assertThat(new LazyQueryEnhancers.LazySelector(QueryEnhancerSelector.DEFAULT_SELECTOR).select(constructor)
			.create(constructor)
			.hasConstructorExpression()).isTrue();
	}

	/** The default selector, counting the enhancers it creates (each creation parses the query). */
	private static QueryEnhancerSelector counting(AtomicInteger created) {
		return query -> {
			QueryEnhancerFactory factory = QueryEnhancerSelector.DEFAULT_SELECTOR.select(query);
			return new QueryEnhancerFactory() {
				@Override
				public boolean supports(DeclaredQuery declaredQuery) {
					return factory.supports(declaredQuery);
				}

				@Override
				public QueryEnhancer create(QueryProvider provider) {
					created.incrementAndGet();
					return factory.create(provider);
				}
			};
		};
	}

}
