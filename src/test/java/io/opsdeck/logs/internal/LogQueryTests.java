package io.opsdeck.logs.internal;

import io.opsdeck.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict grammar of log queries: what reaches journalctl, and what never does. */
class LogQueryTests {

	@Test
	void buildsTheFixedCommandFromValidatedParts() {
		LogQuery query = LogQuery.of("django", 50, " 1  Hour ago ", "2026-12-04T13:05:00Z", "error|warn", false, "json");
		assertThat(query.command()).isEqualTo("journalctl --no-pager -o json -n 50 --since '1 hour ago' --until "
				+ "'2026-12-04 13:05:00 UTC' --grep 'error|warn' --case-sensitive=false CONTAINER_NAME=django + "
				+ "COM_DOCKER_COMPOSE_SERVICE=django");
		assertThat(LogQuery.of("app-django-1", null, "-15m", null, "", true, null).command())
			.isEqualTo("journalctl --no-pager -o short-iso -n 100 --since '-15m' -f CONTAINER_NAME=app-django-1 + "
					+ "COM_DOCKER_COMPOSE_SERVICE=app-django-1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "today", "yesterday", "now", "2026-12-04", "2026-12-04 13:05", "2026-12-04 13:05:09 UTC",
			"30 min ago", "2 days ago", "-2h" })
	void acceptsTheDocumentedTimes(String time) {
		assertThat(JournalTime.parse("since", time)).isNotBlank().doesNotContain("'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "$(rm -rf /)", "1 hour ago; id", "`id`", "2026-12-04' --output=x '", "tomorrow-ish",
			"1 fortnight ago", "2026-12-04 13:05 Europe/Berlin", "-1h\nid" })
	void refusesEverythingElse(String time) {
		assertThatThrownBy(() -> JournalTime.parse("until", time)).isInstanceOf(InvalidInputException.class)
			.extracting(ex -> ((InvalidInputException) ex).field())
			.isEqualTo("until");
	}

	@Test
	void refusesPatternsAShellOrJournalctlWouldMisread() {
		for (String grep : new String[] { "it's", "tab\there", "x".repeat(201), "(unclosed", "ünïcode" }) {
			assertThatThrownBy(() -> LogQuery.of("django", 10, null, null, grep, false, null))
				.isInstanceOf(InvalidInputException.class)
				.extracting(ex -> ((InvalidInputException) ex).field())
				.isEqualTo("grep");
		}
		assertThat(LogQuery.of("django", 10, null, null, "$(id) `x` \\d+", false, null).command())
			.contains("--grep '$(id) `x` \\d+'");
	}

}
