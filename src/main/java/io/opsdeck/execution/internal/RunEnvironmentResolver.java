package io.opsdeck.execution.internal;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.identity.EnvironmentResolver;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Maps a resource id in a URL to its environment for {@code @RequiresEnvironmentRole(resolver = "run")}: an id that is
 * malformed or unknown resolves to nothing (the handler then answers {@code 404}).
 */
@Component
class RunEnvironmentResolver implements EnvironmentResolver {

	private final JdbcClient jdbc;

	RunEnvironmentResolver(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String resource() {
		return "run";
	}

	@Override
	public Optional<String> environmentOf(String id) {
		return environmentsOf(id).flatMap(all -> all.stream().findFirst());
	}

	/**
	 * @return the run's environment; for an SSH run on servers of several environments (stored without one) every
	 * environment of its servers that still exist; empty for an unknown run
	 */
	@Override
	public Optional<Set<String>> environmentsOf(String id) {
		Optional<UUID> uuid = EnvironmentResolver.uuid(id);
		if (uuid.isEmpty()) {
			return Optional.empty();
		}
		Optional<Optional<String>> run = jdbc.sql("select environment from runs where id = ?")
			.param(uuid.get())
			.query((rs, row) -> Optional.ofNullable(rs.getString(1)))
			.optional();
		if (run.isEmpty()) {
			return Optional.empty();
		}
		if (run.get().isPresent()) {
			return Optional.of(Set.of(run.get().get()));
		}
		return Optional.of(Set.copyOf(jdbc
			.sql("select distinct e.name from run_hosts h join servers s on s.id = h.server_id"
					+ " join environments e on e.id = s.environment_id where h.run_id = ?")
			.param(uuid.get())
			.query(String.class)
			.list()));
	}

}
