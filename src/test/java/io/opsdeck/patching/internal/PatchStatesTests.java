package io.opsdeck.patching.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.RunLine;
import io.opsdeck.patching.PatchStatus;
import io.opsdeck.patching.ServerCompliance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event → state rules: synthetic {@code OPSDECK-EVENT} lines in the contract's format (upgrades, pending
 * updates, reboot) through {@link PatchEvents} and {@link PatchStates}.
 */
class PatchStatesTests {

	private static final Instant T0 = Instant.parse("2026-12-01T02:15:00Z");

	private static final UUID SERVER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");

	private static final String REPORT = """
			OPSDECK-EVENT {"type": "patch-report", "host": "web-1", "mode": "security", "check": false, \
			"upgraded": [{"name": "openssl", "from": "3.0.15-1~deb12u1", "to": "3.0.16-1~deb12u1"}, \
			{"name": "libssl3", "from": "3.0.15-1~deb12u1", "to": "3.0.16-1~deb12u1"}, \
			{"name": "unchanged", "from": "1.0", "to": "1.0"}], \
			"pendingSecurity": [{"name": "libc6", "from": "2.36-9+deb12u9", "to": "2.36-9+deb12u10", "origin": "Debian-Security:12/stable-security"}], \
			"pendingOther": [{"name": "tzdata", "from": "2024b-0+deb12u1", "to": "2025a-0+deb12u1", "origin": "Debian:12.10/stable"}, \
			{"name": "curl", "from": "7.88.1-10+deb12u8", "to": "7.88.1-10+deb12u12", "origin": "Debian:12.10/stable"}], \
			"rebootRequired": true, "rebootRequiredSince": "2026-11-30T02:10:00Z", \
			"rebootRequiredPackages": ["linux-image-6.1.0-31-amd64"], \
			"runningKernel": "6.1.0-30-amd64", "newestKernel": "6.1.0-31-amd64", \
			"dpkgRepaired": false, "lockWaitSeconds": 0, "rebooted": false}""";

	@Test
	void aReportBecomesTheServersStateAndItsUpgrades() {
		Map<String, HostOutcome> outcomes = PatchEvents.parse(List.of(line(1, "TASK [opsdeck_patch : report]"),
				line(2, "OPSDECK-EVENT {\"type\": \"step\", \"step\": \"download\"}"), line(3, REPORT)));

		assertThat(outcomes).containsOnlyKeys("web-1");
		UUID run = UUID.randomUUID();
		PatchStates.Applied applied = PatchStates.apply(null, SERVER, run, false, outcomes.get("web-1"));

		PatchState state = applied.state();
		assertThat(applied.upgrades()).extracting(PackageChange::name).containsExactly("openssl", "libssl3");
		assertThat(applied.upgrades().get(0).from()).isEqualTo("3.0.15-1~deb12u1");
		assertThat(applied.upgrades().get(0).to()).isEqualTo("3.0.16-1~deb12u1");
		assertThat(state.pendingSecurity()).extracting(PackageChange::name).containsExactly("libc6");
		assertThat(state.pendingSecurity().get(0).origin()).isEqualTo("Debian-Security:12/stable-security");
		assertThat(state.pendingOther()).hasSize(2);
		assertThat(state.rebootRequired()).isTrue();
		assertThat(state.rebootRequiredSince()).isEqualTo(Instant.parse("2026-11-30T02:10:00Z"));
		assertThat(state.rebootRequiredPackages()).containsExactly("linux-image-6.1.0-31-amd64");
		assertThat(state.runningKernel()).isEqualTo("6.1.0-30-amd64");
		assertThat(state.newestKernel()).isEqualTo("6.1.0-31-amd64");
		assertThat(state.lastRunId()).isEqualTo(run);
		assertThat(state.lastUpdateRunId()).isEqualTo(run);
		assertThat(state.lastMode()).isEqualTo("security");
		assertThat(state.lastCheckedAt()).isEqualTo(T0.plusSeconds(3));
		assertThat(state.lastError()).isNull();
		assertThat(ServerCompliance.statusOf(state.pendingSecurity().size(), state.rebootRequired(), true))
			.isEqualTo(PatchStatus.NON_COMPLIANT);
	}

	@Test
	void aDryRunUpdatesPendingAndRebootStateButRecordsNoUpgrade() {
		UUID update = UUID.randomUUID();
		PatchState before = PatchStates.apply(null, SERVER, update, false, PatchEvents.parse(List.of(line(1, REPORT)))
			.get("web-1")).state();
		// the run was launched in check mode even though this report claims otherwise: the run decides
		UUID check = UUID.randomUUID();

		PatchStates.Applied applied = PatchStates.apply(before, SERVER, check, true,
				PatchEvents.parse(List.of(line(5, REPORT))).get("web-1"));

		assertThat(applied.upgrades()).isEmpty();
		assertThat(applied.state().lastRunId()).isEqualTo(check);
		assertThat(applied.state().lastUpdateRunId()).isEqualTo(update);
		assertThat(applied.state().pendingSecurity()).hasSize(1);
	}

	@Test
	void aReportSayingCheckRecordsNoUpgradeEither() {
		String checkReport = REPORT.replace("\"check\": false", "\"check\": true");

		PatchStates.Applied applied = PatchStates.apply(null, SERVER, UUID.randomUUID(), false,
				PatchEvents.parse(List.of(line(1, checkReport))).get("web-1"));

		assertThat(applied.upgrades()).isEmpty();
		assertThat(applied.state().lastUpdateRunId()).isNull();
	}

	@Test
	void aKernelOnlyRebootIsRequiredSinceTheFirstReportThatSawItAndClearedAfterTheReboot() {
		String kernelOnly = REPORT.replace("\"rebootRequiredSince\": \"2026-11-30T02:10:00Z\"", "\"rebootRequiredSince\": null")
			.replace("\"pendingSecurity\": [{\"name\": \"libc6\", \"from\": \"2.36-9+deb12u9\", \"to\": \"2.36-9+deb12u10\", \"origin\": \"Debian-Security:12/stable-security\"}]",
					"\"pendingSecurity\": []");
		PatchState first = PatchStates.apply(null, SERVER, UUID.randomUUID(), false,
				PatchEvents.parse(List.of(line(10, kernelOnly))).get("web-1")).state();
		assertThat(first.rebootRequiredSince()).isEqualTo(T0.plusSeconds(10));
		assertThat(ServerCompliance.statusOf(0, first.rebootRequired(), true)).isEqualTo(PatchStatus.PENDING_REBOOT);

		PatchState second = PatchStates.apply(first, SERVER, UUID.randomUUID(), false,
				PatchEvents.parse(List.of(line(99, kernelOnly))).get("web-1")).state();
		assertThat(second.rebootRequiredSince()).isEqualTo(T0.plusSeconds(10));

		String rebooted = kernelOnly.replace("\"rebootRequired\": true", "\"rebootRequired\": false")
			.replace("\"runningKernel\": \"6.1.0-30-amd64\"", "\"runningKernel\": \"6.1.0-31-amd64\"")
			.replace("\"rebooted\": false", "\"rebooted\": true");
		PatchState third = PatchStates.apply(second, SERVER, UUID.randomUUID(), false,
				PatchEvents.parse(List.of(line(200, rebooted))).get("web-1")).state();
		assertThat(third.rebootRequired()).isFalse();
		assertThat(third.rebootRequiredSince()).isNull();
		assertThat(ServerCompliance.statusOf(0, third.rebootRequired(), true)).isEqualTo(PatchStatus.COMPLIANT);
	}

	@Test
	void anErrorKeepsTheLastKnownStateAndNotesTheFailure() {
		UUID update = UUID.randomUUID();
		PatchState before = PatchStates.apply(null, SERVER, update, false,
				PatchEvents.parse(List.of(line(1, REPORT))).get("web-1")).state();
		String error = "OPSDECK-EVENT {\"type\": \"patch-error\", \"host\": \"web-1\", \"reason\": \"lock-timeout\", "
				+ "\"message\": \"/var/lib/dpkg/lock-frontend held by unattended-upgr (pid 812) for 600 s\"}";
		UUID failed = UUID.randomUUID();

		PatchStates.Applied applied = PatchStates.apply(before, SERVER, failed, false,
				PatchEvents.parse(List.of(line(50, error))).get("web-1"));

		assertThat(applied.upgrades()).isEmpty();
		assertThat(applied.state().lastError()).startsWith("lock-timeout: /var/lib/dpkg/lock-frontend held");
		assertThat(applied.state().lastRunId()).isEqualTo(failed);
		assertThat(applied.state().lastUpdateRunId()).isEqualTo(update);
		assertThat(applied.state().pendingSecurity()).isEqualTo(before.pendingSecurity());
		assertThat(applied.state().lastCheckedAt()).isEqualTo(before.lastCheckedAt());

		PatchState never = PatchStates.apply(null, SERVER, failed, false,
				PatchEvents.parse(List.of(line(50, error))).get("web-1")).state();
		assertThat(never.lastCheckedAt()).isNull();
	}

	@Test
	void malformedAndForeignLinesAreIgnoredAndAHostsLastEventWins() {
		List<RunLine> lines = new ArrayList<>();
		lines.add(line(1, "OPSDECK-EVENT {not json"));
		lines.add(line(2, "OPSDECK-EVENT [1, 2]"));
		lines.add(line(3, "OPSDECK-EVENT {\"type\": \"patch-report\"}"));
		lines.add(new RunLine(4, T0, "stderr", null, REPORT));
		lines.add(line(5, "OPSDECK-EVENT {\"type\": \"patch-error\", \"host\": \"db-1\", \"reason\": \"upgrade-failed\"}"));
		lines.add(line(6, REPORT.replace("\"web-1\"", "\"db-1\"")));
		lines.add(line(7, "OPSDECK-EVENT {\"type\": \"patch-error\", \"host\": \"web-1\", \"reason\": \"health-check-failed\", \"message\": \"disk 97% full\"}"));

		Map<String, HostOutcome> outcomes = PatchEvents.parse(lines);

		assertThat(outcomes).containsOnlyKeys("db-1", "web-1");
		assertThat(outcomes.get("db-1")).isInstanceOf(HostOutcome.Report.class);
		assertThat(outcomes.get("web-1")).isInstanceOfSatisfying(HostOutcome.Failure.class,
				failure -> assertThat(failure.describe()).isEqualTo("health-check-failed: disk 97% full"));
	}

	private static RunLine line(long seq, String text) {
		return new RunLine(seq, T0.plusSeconds(seq), "stdout", null, text);
	}

}
