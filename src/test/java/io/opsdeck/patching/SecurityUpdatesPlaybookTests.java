package io.opsdeck.patching;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.opsdeck.support.AnsiblePlaybook;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code ansible/playbooks/security-updates.yml} with the real ansible-playbook over real SSH against
 * disposable Debian bookworm hosts ({@link DebianTestHost}: a debootstrap'd root in its own network namespace) whose
 * apt offers {@code opsdeck-sec} 1.0 → 1.1 from a security pocket and {@code opsdeck-misc} 1.0 → 1.1 from a normal
 * suite, and checks the {@code patch-report} / {@code patch-error} events against what dpkg says afterwards.
 */
class SecurityUpdatesPlaybookTests {

	private static final String PLAYBOOK = "security-updates.yml";

	private final List<DebianTestHost> hosts = new ArrayList<>();

	@TempDir
	Path temp;

	@BeforeAll
	static void buildBase() {
		assumeTrue(DebianTestHost.isAvailable() && AnsiblePlaybook.isAvailable(),
				"needs root, debootstrap, apt-utils, iproute2, sshd and ansible-playbook");
		DebianTestHost.buildBase();
	}

	@AfterEach
	void stopHosts() {
		this.hosts.forEach(DebianTestHost::close);
	}

	@Test
	void checkModeChangesNothingButReportsWhatIsPending() {
		DebianTestHost host = host(0);

		AnsiblePlaybook.Result result = run(List.of(host), Map.of("patch_mode", "security"), "--check");

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode report = report(result, "h0");
		assertThat(report.path("check").asBoolean()).isTrue();
		assertThat(report.path("upgraded")).isEmpty();
		assertThat(report.path("targets")).extracting(JsonNode::asText).containsExactly("opsdeck-sec");
		assertThat(report.path("pendingSecurity")).singleElement().satisfies(p -> {
			assertThat(p.path("name").asText()).isEqualTo("opsdeck-sec");
			assertThat(p.path("from").asText()).isEqualTo("1.0");
			assertThat(p.path("to").asText()).isEqualTo("1.1");
			assertThat(p.path("origin").asText()).isEqualTo("Debian-Security:12/bookworm-security");
		});
		assertThat(report.path("pendingOther")).singleElement()
			.satisfies(p -> assertThat(p.path("name").asText()).isEqualTo("opsdeck-misc"));
		assertThat(report.path("rebootRequired").asBoolean()).isFalse();
		assertThat(report.path("rebootRequiredSince").isNull()).isTrue();
		assertThat(report.path("newestKernel").isNull()).isTrue();
		assertThat(report.path("runningKernel").asText()).isEqualTo(System.getProperty("os.version"));
		assertThat(host.installedVersion("opsdeck-sec")).isEqualTo("1.0");
		assertThat(host.installedVersion("opsdeck-misc")).isEqualTo("1.0");
		assertThat(host.root().resolve("var/run/reboot-required")).doesNotExist();
	}

	@Test
	void securityModeUpgradesOnlyTheSecurityPocketAndDetectsTheRequiredReboot() {
		DebianTestHost host = host(0);
		host.exec("apt-mark", "auto", "opsdeck-sec");

		AnsiblePlaybook.Result result = run(List.of(host), Map.of("patch_mode", "security"));

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode report = report(result, "h0");
		assertThat(report.path("check").asBoolean()).isFalse();
		assertThat(upgraded(report)).containsExactly("opsdeck-sec 1.0 -> 1.1");
		assertThat(report.path("pendingSecurity")).isEmpty();
		assertThat(report.path("pendingOther")).singleElement()
			.satisfies(p -> assertThat(p.path("name").asText()).isEqualTo("opsdeck-misc"));
		assertThat(host.installedVersion("opsdeck-sec")).isEqualTo("1.1");
		assertThat(host.installedVersion("opsdeck-misc")).isEqualTo("1.0");
		// opsdeck-sec 1.1's postinst asks for a reboot like real packages (update-notifier) do
		assertThat(report.path("rebootRequired").asBoolean()).isTrue();
		assertThat(report.path("rebootRequiredSince").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(report.path("rebootRequiredPackages")).extracting(JsonNode::asText).containsExactly("opsdeck-sec");
		assertThat(report.path("rebooted").asBoolean()).isFalse();
		assertThat(report.path("dpkgRepaired").asBoolean()).isFalse();
		assertThat(report.path("lockWaitSeconds").asInt()).isZero();
		// apt-get install marks what it names as manually installed; the playbook marks it back
		assertThat(host.exec("apt-mark", "showauto")).contains("opsdeck-sec");
	}

	@Test
	void fullModeUpgradesEveryPackage() {
		DebianTestHost host = host(0);

		AnsiblePlaybook.Result result = run(List.of(host), Map.of("patch_mode", "full"));

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode report = report(result, "h0");
		assertThat(upgraded(report)).containsExactly("opsdeck-misc 1.0 -> 1.1", "opsdeck-sec 1.0 -> 1.1");
		assertThat(report.path("pendingSecurity")).isEmpty();
		assertThat(report.path("pendingOther")).isEmpty();
		assertThat(host.installedVersion("opsdeck-misc")).isEqualTo("1.1");
	}

	@Test
	void aHostThatNeedsARebootIsRebootedWhenAskedAndCheckedAgain() throws Exception {
		DebianTestHost host = host(0);
		// A chroot cannot reboot: a stand-in reboot command that does what a reboot does for the playbook (the
		// reboot-required file goes, the boot id changes), through the reboot module's own reboot_command and
		// boot_time_command, which the role passes on from patch_reboot_command / patch_boot_time_command.
		Files.writeString(host.root().resolve("var/tmp/boot-id"), "boot-1\n");
		Map<String, Object> vars = Map.of("patch_mode", "security", "patch_reboot", true, "patch_reboot_command",
				"/bin/sh -c 'rm -f /var/run/reboot-required /var/run/reboot-required.pkgs; echo boot-2 > /var/tmp/boot-id'",
				"patch_boot_time_command", "cat /var/tmp/boot-id");

		AnsiblePlaybook.Result result = run(List.of(host), vars);

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode report = report(result, "h0");
		assertThat(upgraded(report)).containsExactly("opsdeck-sec 1.0 -> 1.1");
		assertThat(report.path("rebooted").asBoolean()).isTrue();
		assertThat(report.path("rebootRequired").asBoolean()).isFalse(); // detected again after the reboot
		assertThat(Files.readString(host.root().resolve("var/tmp/boot-id"))).isEqualTo("boot-2\n");
	}

	@Test
	void aNewerKernelInBootThanTheRunningOneRequiresAReboot() throws Exception {
		DebianTestHost host = host(0);
		Files.createDirectories(host.root().resolve("boot"));
		Files.writeString(host.root().resolve("boot/vmlinuz-99.0.0-1-amd64"), "not a kernel");
		Files.writeString(host.root().resolve("boot/vmlinuz-1.0.0-1-amd64"), "not a kernel");

		AnsiblePlaybook.Result result = run(List.of(host), Map.of("patch_mode", "security"), "--check");

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode report = report(result, "h0");
		assertThat(report.path("newestKernel").asText()).isEqualTo("99.0.0-1-amd64");
		assertThat(report.path("rebootRequired").asBoolean()).isTrue();
		assertThat(report.path("rebootRequiredSince").isNull()).isTrue(); // no reboot-required file
	}

	@Test
	void aDpkgLockHeldLongerThanTheTimeoutFailsNamingTheLock() {
		DebianTestHost host = host(0);
		host.holdDpkgLock(120);

		AnsiblePlaybook.Result result = run(List.of(host),
				Map.of("patch_mode", "security", "patch_lock_timeout_seconds", 3));

		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.events("patch-report")).isEmpty();
		JsonNode error = single(result.events("patch-error"));
		assertThat(error.path("host").asText()).isEqualTo("h0");
		assertThat(error.path("reason").asText()).isEqualTo("lock-timeout");
		assertThat(error.path("message").asText()).contains("/var/lib/dpkg/lock-frontend", "within 3 s", "python3");
		assertThat(error.path("pendingSecurity")).hasSize(1);
		assertThat(host.installedVersion("opsdeck-sec")).isEqualTo("1.0");
	}

	@Test
	void aDpkgLockReleasedWithinTheTimeoutIsWaitedFor() throws Exception {
		DebianTestHost host = host(0);
		Process holder = host.holdDpkgLock(3600);

		CompletableFuture<AnsiblePlaybook.Result> running = CompletableFuture.supplyAsync(
				() -> run(List.of(host), Map.of("patch_mode", "security", "patch_lock_timeout_seconds", 60)));
		// Released 3 s after the upgrade step (the one that waits for the frontend lock) has started, so the wait does
		// not depend on how fast a loaded machine gets there.
		Path log = this.temp.resolve(AnsiblePlaybook.LOG_FILE);
		Awaitility.await("the upgrade task to start").atMost(Duration.ofMinutes(3))
			.until(() -> Files.exists(log) && Files.readString(log).contains("TASK [opsdeck_patch : Upgrade the planned"));
		assertThat(holder.waitFor(3, TimeUnit.SECONDS)).isFalse();
		holder.destroy();
		AnsiblePlaybook.Result result = running.get(5, TimeUnit.MINUTES);

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode report = report(result, "h0");
		assertThat(upgraded(report)).containsExactly("opsdeck-sec 1.0 -> 1.1");
		assertThat(report.path("lockWaitSeconds").asInt()).isBetween(2, 59);
	}

	@Test
	void anInterruptedDpkgIsRepairedBeforeUpgrading() {
		DebianTestHost host = host(0);
		host.exec("dpkg", "--unpack", "/srv/opsdeck-repo/pool/opsdeck-extra_1.1_all.deb");
		assertThat(host.exec("dpkg", "--audit")).contains("opsdeck-extra");

		AnsiblePlaybook.Result result = run(List.of(host), Map.of("patch_mode", "security"));

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode report = report(result, "h0");
		assertThat(report.path("dpkgRepaired").asBoolean()).isTrue();
		assertThat(upgraded(report)).containsExactly("opsdeck-sec 1.0 -> 1.1");
		assertThat(host.exec("dpkg", "--audit")).isBlank();
		assertThat(host.installedVersion("opsdeck-extra")).isEqualTo("1.1");
	}

	@Test
	void criticalWithAPackageNameUpgradesOnlyThatPackage() {
		DebianTestHost host = host(0);

		AnsiblePlaybook.Result result = run(List.of(host),
				Map.of("patch_mode", "critical", "patch_packages", List.of("opsdeck-misc", "opsdeck-absent")));

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode report = report(result, "h0");
		assertThat(upgraded(report)).containsExactly("opsdeck-misc 1.0 -> 1.1");
		assertThat(report.path("unmatched")).extracting(JsonNode::asText).containsExactly("opsdeck-absent");
		assertThat(report.path("pendingSecurity")).singleElement()
			.satisfies(p -> assertThat(p.path("name").asText()).isEqualTo("opsdeck-sec"));
		assertThat(host.installedVersion("opsdeck-sec")).isEqualTo("1.0");
	}

	@Test
	void criticalWithACveUpgradesThePackageWhoseChangelogNamesIt() {
		DebianTestHost host = host(0);

		AnsiblePlaybook.Result result = run(List.of(host),
				Map.of("patch_mode", "critical", "patch_cves", List.of("CVE-2099-0001")));

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode report = report(result, "h0");
		assertThat(upgraded(report)).containsExactly("opsdeck-sec 1.0 -> 1.1");
		assertThat(host.installedVersion("opsdeck-misc")).isEqualTo("1.0");
	}

	@Test
	void criticalWithACveFixedBeforeTheInstalledVersionMatchesNothing() {
		DebianTestHost host = host(0);

		// CVE-2099-0009 is named in the 1.0 entry of every test package's changelog: already installed
		AnsiblePlaybook.Result result = run(List.of(host),
				Map.of("patch_mode", "critical", "patch_cves", List.of("CVE-2099-0009")));

		assertThat(result.exitCode()).as(result.output()).isNotZero();
		JsonNode error = single(result.events("patch-error"));
		assertThat(error.path("reason").asText()).isEqualTo("no-matching-packages");
		assertThat(error.path("message").asText()).contains("CVE-2099-0009");
		assertThat(host.installedVersion("opsdeck-sec")).isEqualTo("1.0");
		assertThat(host.installedVersion("opsdeck-misc")).isEqualTo("1.0");
	}

	@Test
	void aFailedHealthCheckInTheFirstBatchStopsTheRollout() {
		DebianTestHost first = host(1);
		DebianTestHost second = host(2);
		DebianTestHost third = host(3);
		// the first host's disk counts as full: health-check.yml's threshold variable, per host
		Map<String, Map<String, Object>> inventory = inventory(List.of(first, second, third));
		inventory.get("h1").put("health_disk_crit_percent", 0);

		AnsiblePlaybook.Result result = AnsiblePlaybook.run(PLAYBOOK, inventory, knownHosts(first, second, third),
				Map.of("patch_mode", "security", "patch_serial", List.of(1, "100%"), "patch_max_fail_percentage", 0),
				this.temp);

		assertThat(result.exitCode()).as(result.output()).isNotZero();
		JsonNode error = single(result.events("patch-error"));
		assertThat(error.path("host").asText()).isEqualTo("h1");
		assertThat(error.path("reason").asText()).isEqualTo("health-check-failed");
		assertThat(error.path("message").asText()).contains("critical at 0");
		assertThat(upgraded(error)).containsExactly("opsdeck-sec 1.0 -> 1.1"); // what happened before the check
		assertThat(result.events("patch-report")).isEmpty();
		assertThat(first.installedVersion("opsdeck-sec")).isEqualTo("1.1");
		assertThat(second.installedVersion("opsdeck-sec")).isEqualTo("1.0");
		assertThat(third.installedVersion("opsdeck-sec")).isEqualTo("1.0");
	}

	@Test
	void aHealthyFirstBatchLetsTheRolloutContinue() {
		DebianTestHost first = host(1);
		DebianTestHost second = host(2);

		AnsiblePlaybook.Result result = AnsiblePlaybook.run(PLAYBOOK, inventory(List.of(first, second)),
				knownHosts(first, second), Map.of("patch_mode", "security", "patch_max_fail_percentage", 0),
				this.temp);

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.events("patch-report")).extracting(e -> e.path("host").asText()).containsExactly("h1", "h2");
		assertThat(result.output()).contains("PLAY [Security updates]"); // one play, run in batches
		assertThat(second.installedVersion("opsdeck-sec")).isEqualTo("1.1");
	}

	private DebianTestHost host(int index) {
		DebianTestHost host = DebianTestHost.start(index, this.temp.resolve("host" + index));
		this.hosts.add(host);
		return host;
	}

	private AnsiblePlaybook.Result run(List<DebianTestHost> targets, Map<String, ?> extraVars, String... arguments) {
		return AnsiblePlaybook.run(PLAYBOOK, inventory(targets), knownHosts(targets.toArray(DebianTestHost[]::new)),
				extraVars, this.temp, arguments);
	}

	private Map<String, Map<String, Object>> inventory(List<DebianTestHost> targets) {
		Map<String, Map<String, Object>> inventory = new LinkedHashMap<>();
		for (DebianTestHost host : targets) {
			inventory.put(host.name(), host.inventoryVars());
		}
		return inventory;
	}

	private Path knownHosts(DebianTestHost... targets) {
		try {
			StringBuilder lines = new StringBuilder();
			for (DebianTestHost host : targets) {
				lines.append(Files.readString(host.knownHosts()));
			}
			return Files.writeString(this.temp.resolve("known_hosts"), lines);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static JsonNode report(AnsiblePlaybook.Result result, String host) {
		assertThat(result.events("patch-error")).as(result.output()).isEmpty();
		JsonNode report = single(result.events("patch-report"));
		assertThat(report.path("host").asText()).isEqualTo(host);
		return report;
	}

	private static JsonNode single(List<JsonNode> events) {
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	private static List<String> upgraded(JsonNode report) {
		List<String> lines = new ArrayList<>();
		report.path("upgraded")
			.forEach(u -> lines.add(u.path("name").asText() + " " + u.path("from").asText() + " -> "
					+ u.path("to").asText()));
		return lines;
	}

}
