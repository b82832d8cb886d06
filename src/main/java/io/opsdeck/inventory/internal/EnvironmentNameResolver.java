package io.opsdeck.inventory.internal;

import java.util.Optional;

import io.opsdeck.identity.EnvironmentResolver;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code @RequiresEnvironmentRole(resolver = "environment")}: the path variable is the environment's name. Only
 * names that exist resolve, so an unknown environment is the handler's {@code 404} rather than a {@code 403}.
 */
@Component
class EnvironmentNameResolver implements EnvironmentResolver {

	private final JdbcClient jdbc;

	EnvironmentNameResolver(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String resource() {
		return "environment";
	}

	@Override
	public Optional<String> environmentOf(String id) {
		if (id.isEmpty() || id.length() > 63 || id.indexOf('\0') >= 0) {
			return Optional.empty();
		}
		return jdbc.sql("select name from environments where name = ?").param(id).query(String.class).optional();
	}

}
