package io.opsdeck.patching;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser of {@code ansible/roles/opsdeck_patch/library/opsdeck_apt_plan.py} (its pure {@code parse_simulation},
 * run with {@code python3 opsdeck_apt_plan.py --parse-simulation}) on real {@code apt-get -s dist-upgrade} output
 * captured on the build machine (LC_ALL=C):
 * <ul>
 * <li>{@code bookworm-minbase-dist-upgrade.txt}: a debootstrap'd bookworm minbase root with bookworm,
 * bookworm-updates and bookworm-security in its sources, after {@code apt-get update};</li>
 * <li>{@code bookworm-host-dist-upgrade.txt}: the build machine itself (Debian 12.11 with point-release and security
 * updates pending, some versions in both pockets).</li>
 * </ul>
 */
class AptPlanParserTests {

	private static final Path MODULE = Path.of("ansible/roles/opsdeck_patch/library/opsdeck_apt_plan.py");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void minbaseRootHasOnlySecurityUpdatesPending() throws Exception {
		JsonNode upgrades = parse("bookworm-minbase-dist-upgrade.txt");

		assertThat(upgrades).hasSize(17); // apt's own summary: "17 upgraded, 0 newly installed"
		JsonNode perl = find(upgrades, "perl-base");
		assertThat(perl.path("from").asText()).isEqualTo("5.36.0-7+deb12u3");
		assertThat(perl.path("to").asText()).isEqualTo("5.36.0-7+deb12u4");
		assertThat(perl.path("origin").asText()).isEqualTo("Debian-Security:12/oldstable-security");
		assertThat(perl.path("arch").asText()).isEqualTo("amd64");
		assertThat(find(upgrades, "libpam-runtime").path("arch").asText()).isEqualTo("all");
		// a line with apt's trailing dependency notes: [libpam-modules:amd64 on libpam-modules-bin:amd64] ...
		assertThat(find(upgrades, "libpam-modules-bin").path("to").asText()).isEqualTo("1.5.2-6+deb12u3");
		assertThat(upgrades).allSatisfy(u -> assertThat(u.path("security").asBoolean()).isTrue());
		assertThat(names(upgrades)).contains("libssl3", "tzdata", "apt").doesNotHaveDuplicates();
	}

	@Test
	void hostOutputIsSplitIntoSecurityAndOtherByOrigin() throws Exception {
		JsonNode upgrades = parse("bookworm-host-dist-upgrade.txt");

		assertThat(upgrades).hasSize(133); // "133 upgraded, 0 newly installed"
		List<JsonNode> security = stream(upgrades).filter(u -> u.path("security").asBoolean()).toList();
		List<JsonNode> other = stream(upgrades).filter(u -> !u.path("security").asBoolean()).toList();
		// 63 only in bookworm-security, 20 in both the point release and security, 50 only in the point release
		assertThat(security).hasSize(83);
		assertThat(other).hasSize(50);
		assertThat(other).allSatisfy(u -> assertThat(u.path("origin").asText()).isEqualTo("Debian:12.15/oldstable"));

		JsonNode baseFiles = find(upgrades, "base-files");
		assertThat(baseFiles.path("security").asBoolean()).isFalse();
		assertThat(baseFiles.path("from").asText()).isEqualTo("12.4+deb12u11");
		assertThat(baseFiles.path("to").asText()).isEqualTo("12.4+deb12u15");

		JsonNode gcrypt = find(upgrades, "libgcrypt20");
		assertThat(gcrypt.path("origin").asText())
			.isEqualTo("Debian:12.15/oldstable, Debian-Security:12/oldstable-security");
		assertThat(gcrypt.path("security").asBoolean()).isTrue();

		JsonNode openssl = find(upgrades, "openssl");
		assertThat(openssl.path("from").asText()).isEqualTo("3.0.19-1~deb12u2");
		assertThat(openssl.path("to").asText()).isEqualTo("3.0.22-1~deb12u2");
		assertThat(openssl.path("security").asBoolean()).isTrue();
	}

	@Test
	void newPackagesUbuntuPocketsAndNonInstLinesAreHandled() throws Exception {
		// Forms apt prints that the captured files lack: a newly installed package (no [installed version]), an
		// Ubuntu security pocket, an Ubuntu -updates pocket, a package with an architecture qualifier, Remv/Conf.
		String text = String.join("\n",
				"Inst linux-image-6.1.0-31-amd64 (6.1.0-31 Debian-Security:12/stable-security [amd64])",
				"Inst libssl3 [3.0.2-0ubuntu1.10] (3.0.2-0ubuntu1.12 Ubuntu:22.04/jammy-updates, "
						+ "Ubuntu:22.04/jammy-security [amd64])",
				"Inst snapd [2.58+22.04] (2.61.3+22.04 Ubuntu:22.04/jammy-updates [amd64])",
				"Inst libc6:i386 [2.36-9+deb12u9] (2.36-9+deb12u10 Debian-Security:12/stable-security [i386])",
				"Remv oldpkg [1.0]", "Conf snapd (2.61.3+22.04 Ubuntu:22.04/jammy-updates [amd64])", "");

		JsonNode upgrades = parseText(text);

		assertThat(names(upgrades)).containsExactly("linux-image-6.1.0-31-amd64", "libssl3", "snapd", "libc6:i386");
		JsonNode kernel = find(upgrades, "linux-image-6.1.0-31-amd64");
		assertThat(kernel.path("from").isNull()).isTrue();
		assertThat(kernel.path("security").asBoolean()).isTrue();
		assertThat(find(upgrades, "libssl3").path("security").asBoolean()).isTrue();
		assertThat(find(upgrades, "snapd").path("security").asBoolean()).isFalse();
		assertThat(find(upgrades, "libc6:i386").path("arch").asText()).isEqualTo("i386");
	}

	private static JsonNode parse(String fixture) throws IOException, InterruptedException {
		return parseText(Files.readString(Path.of("src/test/resources/patching", fixture)));
	}

	private static JsonNode parseText(String text) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("python3", MODULE.toString(), "--parse-simulation").start();
		try (var stdin = process.getOutputStream()) {
			stdin.write(text.getBytes(StandardCharsets.UTF_8));
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(errors).isZero();
		return JSON.readTree(output);
	}

	private static JsonNode find(JsonNode upgrades, String name) {
		return stream(upgrades).filter(u -> name.equals(u.path("name").asText()))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " not among " + names(upgrades)));
	}

	private static List<String> names(JsonNode upgrades) {
		return stream(upgrades).map(u -> u.path("name").asText()).toList();
	}

	private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
		return java.util.stream.StreamSupport.stream(array.spliterator(), false);
	}

}
