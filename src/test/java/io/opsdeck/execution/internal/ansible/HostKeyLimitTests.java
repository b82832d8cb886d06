package io.opsdeck.execution.internal.ansible;

import java.util.List;
import java.util.UUID;

import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.HostKeyPolicy;
import io.opsdeck.inventory.ServerTarget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which servers an Ansible run checks the host keys of, for its {@code --limit}. */
class HostKeyLimitTests {

	private static final ServerTarget WEB_1 = server("web-1", List.of("web"));

	private static final ServerTarget WEB_2 = server("web-2", List.of("web", "load-balancer"));

	private static final ServerTarget DB_1 = server("db-1", List.of("database"));

	private static final List<ServerTarget> ALL = List.of(WEB_1, WEB_2, DB_1);

	@Test
	void noLimitChecksEveryServer() {
		assertThat(AnsibleHostKeys.limited(ALL, "prod", null)).isEqualTo(ALL);
		assertThat(AnsibleHostKeys.limited(ALL, "prod", " ")).isEqualTo(ALL);
	}

	@Test
	void plainNamesCheckOnlyThoseServers() {
		assertThat(AnsibleHostKeys.limited(ALL, "prod", "web-1")).containsExactly(WEB_1);
		assertThat(AnsibleHostKeys.limited(ALL, "prod", "web-1,db-1")).containsExactly(WEB_1, DB_1);
		assertThat(AnsibleHostKeys.limited(ALL, "prod", "db-1:web-2")).containsExactly(DB_1, WEB_2);
		assertThat(AnsibleHostKeys.limited(ALL, "prod", "web-1,")).containsExactly(WEB_1);
	}

	@Test
	void groupNamesCheckTheirMembers() {
		assertThat(AnsibleHostKeys.limited(ALL, "prod", "web")).containsExactly(WEB_1, WEB_2);
		assertThat(AnsibleHostKeys.limited(ALL, "prod", "load_balancer,db-1")).containsExactly(WEB_2, DB_1);
		assertThat(AnsibleHostKeys.limited(ALL, "prod", "prod")).containsExactlyElementsOf(ALL);
	}

	@Test
	void patternsOperatorsAndUnknownNamesCheckEveryServer() {
		for (String limit : List.of("web-*", "web-?", "web[0]", "!db-1", "web:&prod", "~web.*", "all", "ungrouped",
				"web-1,unknown", "@retry")) {
			assertThat(AnsibleHostKeys.limited(ALL, "prod", limit)).as(limit).isEqualTo(ALL);
		}
	}

	private static ServerTarget server(String name, List<String> roles) {
		return new ServerTarget(UUID.randomUUID(), name, "10.0.0.1", 22, "deploy", Connection.SSH, null,
				HostKeyPolicy.STRICT, null, null, "prod", roles, null);
	}

}
