package io.opsdeck.inventory.internal;

import java.util.Optional;


import io.opsdeck.identity.EnvironmentResolver;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Maps a resource id in a URL to its environment for {@code @RequiresEnvironmentRole(resolver = "server")}: an id that is
 * malformed or unknown resolves to nothing (the handler then answers {@code 404}).
 */
@Component
class ServerEnvironmentResolver implements EnvironmentResolver {

	private final JdbcClient jdbc;

	ServerEnvironmentResolver(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String resource() {
		return "server";
	}

	@Override
	public Optional<String> environmentOf(String id) {
		return EnvironmentResolver.uuid(id).flatMap(uuid -> jdbc
			.sql("select e.name from servers s join environments e on e.id = s.environment_id where s.id = ?")
			.param(uuid)
			.query(String.class)
			.optional());
	}

}
