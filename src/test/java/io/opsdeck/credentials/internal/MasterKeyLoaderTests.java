package io.opsdeck.credentials.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class MasterKeyLoaderTests {

	@TempDir
	Path directory;

	@Test
	void generatesAnOwnerOnlyKeyFileOnFirstStartAndReusesIt() throws Exception {
		Path dataDirectory = this.directory.resolve("data");

		MasterKey first = new MasterKeyLoader(dataDirectory, null, Set::of).load().current();
		MasterKey second = new MasterKeyLoader(dataDirectory, null, () -> Set.of(first.id())).load().current();

		Path file = dataDirectory.resolve("master.key");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory))).isEqualTo("rwx------");
		assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
		assertThat(second.id()).isEqualTo(first.id()).matches("[0-9a-f]{8}");
		try (var files = Files.list(dataDirectory)) {
			assertThat(files).containsExactly(file);
		}
	}

	@Test
	void prefersTheConfiguredKey() {
		String configured = Base64.getEncoder().encodeToString(new byte[32]);

		MasterKey key = new MasterKeyLoader(this.directory, configured, Set::of).load().current();

		assertThat(key.id()).isEqualTo("66687aad");
		assertThat(this.directory.resolve("master.key")).doesNotExist();
	}

	@Test
	void rejectsAConfiguredKeyOfTheWrongLengthWithoutPrintingIt() {
		String sixteenBytes = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());

		assertThatIllegalStateException().isThrownBy(() -> new MasterKeyLoader(this.directory, sixteenBytes, Set::of).load().current())
			.withMessageContaining("exactly 32 bytes")
			.withMessageContaining("16 bytes")
			.withMessageContaining("OPSDECK_MASTER_KEY")
			.withMessageNotContaining(sixteenBytes);
		assertThatIllegalStateException().isThrownBy(() -> new MasterKeyLoader(this.directory, "not base64!", Set::of).load().current())
			.withMessageContaining("not valid base64");
	}

	@Test
	void refusesToStartWhenStoredCredentialsUseAnotherKey() {
		String configured = Base64.getEncoder().encodeToString(new byte[32]);

		assertThatIllegalStateException()
			.isThrownBy(() -> new MasterKeyLoader(this.directory, configured, () -> Set.of("0badc0de")).load().current())
			.withMessageContaining("0badc0de")
			.withMessageContaining("66687aad");
	}

	@Test
	void neverGeneratesANewKeyWhileCredentialsExist() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new MasterKeyLoader(this.directory, null, () -> Set.of("0badc0de")).load().current())
			.withMessageContaining("No master key")
			.withMessageContaining("0badc0de");
		assertThat(this.directory.resolve("master.key")).doesNotExist();
	}

	@Test
	void warnsWhenTheKeyFileIsReadableByOthers(CapturedOutput output) throws Exception {
		Path file = this.directory.resolve("master.key");
		Files.writeString(file, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

		MasterKey key = new MasterKeyLoader(this.directory, null, Set::of).load().current();

		assertThat(key.id()).isEqualTo("66687aad");
		assertThat(output).contains("accessible by group or others").contains("chmod 600");
		assertThat(output).doesNotContain(Base64.getEncoder().encodeToString(new byte[32]));
	}

	@Test
	void previousKeysComeFromConfigurationAndTheirFileAndAcceptTheirData() throws Exception {
		byte[] current = new byte[32];
		byte[] first = new byte[32];
		first[0] = 1;
		byte[] second = new byte[32];
		second[0] = 2;
		String firstId = MasterKey.of(first).id();
		String secondId = MasterKey.of(second).id();
		java.nio.file.Files.writeString(this.directory.resolve("master.key.previous"),
				"# retired 2026-12\n" + Base64.getEncoder().encodeToString(second) + "\n");

		MasterKeyring ring = new MasterKeyLoader(this.directory, Base64.getEncoder().encodeToString(current),
				Base64.getEncoder().encodeToString(first), () -> Set.of(firstId, secondId))
			.load();

		assertThat(ring.current().id()).isEqualTo(MasterKey.of(current).id());
		assertThat(ring.previousIds()).containsExactlyInAnyOrder(firstId, secondId);
	}

	@Test
	void refusesDataUnderAKeyOutsideTheRingNamingItsIdButNoKey() {
		byte[] first = new byte[32];
		first[0] = 1;
		String previous = Base64.getEncoder().encodeToString(first);
		String configured = Base64.getEncoder().encodeToString(new byte[32]);

		assertThatIllegalStateException()
			.isThrownBy(() -> new MasterKeyLoader(this.directory, configured, previous, () -> Set.of("0badc0de")).load())
			.withMessageContaining("0badc0de")
			.withMessageContaining(MasterKey.of(first).id())
			.withMessageNotContaining(previous)
			.withMessageNotContaining(configured);
	}

}
