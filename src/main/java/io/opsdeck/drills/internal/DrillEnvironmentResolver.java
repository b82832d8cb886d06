package io.opsdeck.drills.internal;

import java.util.Optional;


import io.opsdeck.identity.EnvironmentResolver;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Maps a resource id in a URL to its environment for {@code @RequiresEnvironmentRole(resolver = "drill")}: an id that is
 * malformed or unknown resolves to nothing (the handler then answers {@code 404}).
 */
@Component
class DrillEnvironmentResolver implements EnvironmentResolver {

	private final JdbcClient jdbc;

	DrillEnvironmentResolver(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String resource() {
		return "drill";
	}

	@Override
	public Optional<String> environmentOf(String id) {
		return EnvironmentResolver.uuid(id).flatMap(uuid -> jdbc.sql("select environment from drills where id = ?")
			.param(uuid)
			.query(String.class)
			.optional());
	}

}
