package io.opsdeck.provisioning.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.RunLine;
import io.opsdeck.provisioning.ProvisioningSettings;
import io.opsdeck.provisioning.ServerProvisioning.TagChange;
import io.opsdeck.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading tag-recap events, and the launch rules that need no database. */
class TagRecapsTests {

	private static final UUID RUN = UUID.randomUUID();

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void readsEachHostsLastRecapAndIgnoresEverythingElse() {
		List<RunLine> lines = List.of(line("stdout", "PLAY [Provision] ****"),
				line("stdout", "OPSDECK-EVENT {\"type\":\"step\",\"step\":\"x\"}"),
				line("stdout", "OPSDECK-EVENT {not json"),
				line("stderr", "OPSDECK-EVENT {\"type\":\"tag-recap\",\"host\":\"web-1\",\"tags\":{}}"),
				line("stdout", "OPSDECK-EVENT {\"type\":\"tag-recap\",\"host\":\"web-1\",\"tags\":{\"security\":"
						+ "{\"ok\":7,\"changed\":2,\"failed\":0,\"skipped\":1,\"changedTasks\":[\"common : Harden sshd\","
						+ "\"common : Enable UFW\",42]},\"untagged\":{\"ok\":1},\"bad\":3}}"),
				line("stdout", "OPSDECK-EVENT {\"type\":\"tag-recap\",\"host\":\"web-2\",\"tags\":{\"docker\":"
						+ "{\"ok\":1,\"changed\":0,\"failed\":1,\"skipped\":0,\"changedTasks\":[]}}}"));

		Map<String, List<TagChange>> hosts = TagRecaps.parse(lines, RUN, true, NOW);

		assertThat(hosts).containsOnlyKeys("web-1", "web-2");
		assertThat(hosts.get("web-1")).containsExactly(
				new TagChange("security", 7, 2, 0, 1, List.of("common : Harden sshd", "common : Enable UFW"), true, RUN,
						NOW),
				new TagChange("untagged", 1, 0, 0, 0, List.of(), true, RUN, NOW));
		assertThat(hosts.get("web-2").get(0).failed()).isEqualTo(1);
	}

	@Test
	void changedTaskNamesAreCapped() {
		StringBuilder tasks = new StringBuilder();
		for (int i = 0; i < 80; i++) {
			tasks.append(i > 0 ? "," : "").append("\"task ").append(i).append('"');
		}
		List<RunLine> lines = List.of(line("stdout", "OPSDECK-EVENT {\"type\":\"tag-recap\",\"host\":\"h\",\"tags\":"
				+ "{\"common\":{\"changed\":80,\"changedTasks\":[" + tasks + "]}}}"));

		assertThat(TagRecaps.parse(lines, RUN, false, NOW).get("h").get(0).changedTasks()).hasSize(TagRecaps.MAX_TASKS);
	}

	@Test
	void tagsAreCheckedAndPutInPlaybookOrder() {
		assertThat(ProvisionService.checkTags(List.of("django", "security", "django"))).containsExactly("security",
				"django");
		assertThat(ProvisionService.checkTags(List.of())).isEmpty();
		assertThatThrownBy(() -> ProvisionService.checkTags(List.of("nginx"))).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("allowed: common, security, docker, ssl, monitoring, failover, django");
		assertThat(ProvisionService.label("web-1", List.of(), true)).isEqualTo("Provision web-1 (all tags; check mode)");
	}

	@Test
	void aTagNeedsItsSettings() {
		ProvisioningSettings empty = ProvisioningSettings.empty("staging");
		ProvisioningSettings domainOnly = new ProvisioningSettings("staging", "app.example.com", null, null, null, null,
				null, null, null, null, null, null, null);

		ProvisionService.checkRequiredSettings(List.of("security", "docker", "monitoring", "failover", "common"), empty);
		assertThatThrownBy(() -> ProvisionService.checkRequiredSettings(List.of("ssl"), domainOnly))
			.hasMessageContaining("'sslEmail' (ssl_email)");
		// without a repository the django role deploys nothing and needs nothing (contract)
		ProvisionService.checkRequiredSettings(List.of("django"), domainOnly);
		ProvisioningSettings withRepository = new ProvisioningSettings("staging", "app.example.com", null, null,
				"https://git.example.com/app.git", null, null, null, null, null, null, null, null);
		assertThatThrownBy(() -> ProvisionService.checkRequiredSettings(List.of("django"), withRepository))
			.hasMessageContaining("'dbPasswordCredentialId' (db_password)");
		assertThatThrownBy(() -> ProvisionService.checkRequiredSettings(List.of(), empty))
			.as("no tags: all of them").hasMessageContaining("domainName")
			.hasMessageStartingWith("no tag chosen means every tag");
	}

	private static RunLine line(String stream, String text) {
		return new RunLine(1, NOW, stream, null, text);
	}

}
