package io.opsdeck.inventory.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import jakarta.persistence.criteria.Predicate;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.domain.Specification;

/**
 * The server list's filters as one query ({@code GET /api/v1/servers?environment=&host=&name=}): the seed's scripts
 * find a server by its address ({@code provision-server.sh <cloud> <env> <ip>}) or by its name.
 */
final class ServerFilters {

	private ServerFilters() {
	}

	/**
	 * @param environment the environment, or {@code null} for every one
	 * @param host address or DNS name, compared ignoring case, or {@code null}
	 * @param name exact server name, or {@code null}
	 * @return servers matching every filter given
	 */
	static Specification<ServerEntity> matching(@Nullable EnvironmentEntity environment, @Nullable String host,
			@Nullable String name) {
		return (root, query, cb) -> {
			List<Predicate> where = new ArrayList<>();
			if (environment != null) {
				where.add(cb.equal(root.get("environment"), environment));
			}
			if (host != null) {
				where.add(cb.equal(cb.lower(root.get("host")), host.strip().toLowerCase(Locale.ROOT)));
			}
			if (name != null) {
				where.add(cb.equal(root.get("name"), name.strip()));
			}
			return cb.and(where.toArray(Predicate[]::new));
		};
	}

	/**
	 * @param names environment names
	 * @return servers in one of those environments (none for an empty collection)
	 */
	static Specification<ServerEntity> inEnvironments(Collection<String> names) {
		return (root, query, cb) -> names.isEmpty() ? cb.disjunction() : root.get("environment").get("name").in(names);
	}

}
