package io.opsdeck.inventory.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.UUID;

import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.HostKeyPolicy;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ansible's reserved group names and the host/group collisions a generated inventory must not contain. */
class AnsibleNamesTests {

	@ParameterizedTest
	@ValueSource(strings = { "all", "ALL", "All", "ungrouped", "UNGROUPED", "Ungrouped" })
	void reservedNamesAreRecognisedIgnoringCase(String name) {
		assertThat(AnsibleNames.isReserved(name)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "all-", "all_", "al", "alll", "web-all", "ungrouped-1", "grouped", "_all", "a" })
	void otherNamesAreNotReserved(String name) {
		assertThat(AnsibleNames.isReserved(name)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "staging", "web-1", "db_primary", "1st", "EU-West", "a.b", "all", "ungrouped", "x" })
	void groupsAreNamedExactlyAsTheRunEngineNamesThem(String name) throws Exception {
		Class<?> document = Class.forName("io.opsdeck.execution.internal.ansible.InventoryDocument");
		Method group = document.getDeclaredMethod("group", String.class);
		group.setAccessible(true);

		assertThat(AnsibleNames.group(name)).isEqualTo(group.invoke(null, name));
	}

	@Test
	void groupFormReplacesDashesAndPrefixesDigits() {
		assertThat(AnsibleNames.group("web-1")).isEqualTo("web_1");
		assertThat(AnsibleNames.group("1st")).isEqualTo("_1st");
	}

	@Test
	void aServerMayNotBeNamedLikeItsEnvironmentOrItsRoles() {
		assertField(() -> AnsibleNames.checkServer("staging", List.of(), "staging", List.of()), "name");
		assertField(() -> AnsibleNames.checkServer("web_1", List.of(), "web-1", List.of()), "name");
		assertField(() -> AnsibleNames.checkServer("db", List.of("web", "db"), "staging", List.of()), "roles");
		assertField(() -> AnsibleNames.checkServer("db_1", List.of("db-1"), "staging", List.of()), "roles");
	}

	@Test
	void aServerMayNotBeNamedLikeARoleOfAnotherServerThereNorTakeAnotherServersNameAsRole() {
		List<ServerTarget> others = List.of(server("db_1", "postgres"), server("web-1", "front-end"));

		assertField(() -> AnsibleNames.checkServer("postgres", List.of(), "staging", others), "name");
		assertField(() -> AnsibleNames.checkServer("front_end", List.of(), "staging", others), "name");
		assertField(() -> AnsibleNames.checkServer("cache-1", List.of("db-1"), "staging", others), "roles");
		assertField(() -> AnsibleNames.checkServer("cache-1", List.of("db_1"), "staging", others), "roles");
	}

	@Test
	void distinctNamesPass() {
		List<ServerTarget> others = List.of(server("db-1", "postgres"));

		assertThatCode(() -> AnsibleNames.checkServer("web-2", List.of("web", "frontend"), "staging", others))
			.doesNotThrowAnyException();
		assertThatCode(() -> AnsibleNames.checkServer("web", List.of(), "web-staging", List.of()))
			.doesNotThrowAnyException();
	}

	private static ServerTarget server(String name, String role) {
		return new ServerTarget(UUID.randomUUID(), name, "127.0.0.1", 22, "root", Connection.SSH, UUID.randomUUID(),
				HostKeyPolicy.STRICT, null, null, "staging", List.of(role));
	}

	private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
		assertThatThrownBy(call).isInstanceOf(InvalidInputException.class)
			.hasFieldOrPropertyWithValue("field", field)
			.hasMessageContaining("ambiguous");
	}

}
