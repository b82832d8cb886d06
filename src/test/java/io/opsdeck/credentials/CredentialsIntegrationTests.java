package io.opsdeck.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.opsdeck.credentials.internal.CredentialService;
import io.opsdeck.credentials.internal.NewCredential;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import io.opsdeck.support.TestDataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials on the real database: encrypted at rest, leased as a working key file, wiped after. */
@IntegrationTest
class CredentialsIntegrationTests {

	@Autowired
	CredentialService credentials;

	@Autowired
	JdbcTemplate jdbc;

	@TempDir
	Path directory;

	static Stream<Arguments> keys() {
		return Stream.of(Arguments.of("ed25519", 0, null, "secret words"), Arguments.of("ed25519", 0, null, ""),
				Arguments.of("ecdsa", 384, "PEM", "secret words"), Arguments.of("rsa", 2048, "PKCS8", "secret words"),
				Arguments.of("rsa", 2048, "PEM", ""), Arguments.of("ecdsa", 256, null, "secret words"));
	}

	@ParameterizedTest(name = "{0} {2} passphrase={3}")
	@MethodSource("keys")
	void storesCiphertextOnlyAndLeasesAKeyFileOpenSshAccepts(String type, int bits, String format, String passphrase)
			throws Exception {
		SshKeygen.Key key = SshKeygen.generate(this.directory, "key", type, bits, format, passphrase);
		String name = "lease-" + UUID.randomUUID().toString().substring(0, 8);

		CredentialSummary created = this.credentials.create(
				new NewCredential(name, key.text(), passphrase.isEmpty() ? null : passphrase), "user:test");

		assertThat(created.fingerprint()).isEqualTo(key.fingerprint());
		assertThat(created.publicKey()).isEqualTo(key.publicKey());
		assertThat(created.encrypted()).isEqualTo(!passphrase.isEmpty());
		Map<String, Object> row = this.jdbc.queryForMap("select * from credentials where id = ?", created.id());
		byte[] secret = (byte[]) row.get("secret");
		assertThat(secret[0]).as("format version 2: key id embedded").isEqualTo((byte) 2);
		assertThat(java.util.HexFormat.of().formatHex(secret, 1, 5)).isEqualTo(masterKeyFileId());
		assertThat(new String(secret, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
		assertThat(row.get("passphrase_secret") != null).isEqualTo(!passphrase.isEmpty());
		assertThat(row.get("key_id")).isEqualTo(masterKeyFileId());
		assertThat(row.get("created_by")).isEqualTo("user:test");

		Path file;
		try (CredentialLease lease = this.credentials.lease(created.id())) {
			file = lease.privateKeyFile();
			assertThat(lease.privateKeyFile()).isEqualTo(file);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
				.isEqualTo("rwx------");
			String text = Files.readString(file);
			assertThat(text).doesNotContain("ENCRYPTED").doesNotContain("Proc-Type");
			assertThat(SshKeygen.publicKeyOf(file)).isEqualTo(key.publicKey());
			if (passphrase.isEmpty()) {
				assertThat(text).isEqualTo(key.text());
			}
			if (type.equals("ed25519")) {
				assertThat(text).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
			}
			assertThat(lease.keyPair().getPublic().getEncoded()).isNotEmpty();
			assertThat(lease.secrets()).isEqualTo(passphrase.isEmpty() ? java.util.List.of() : java.util.List.of(passphrase));
		}
		assertThat(file).doesNotExist();
		assertThat(file.getParent()).doesNotExist();
	}

	@Test
	void leaseOfPkcs8Ed25519IsReEncodedForOpenSsh() throws Exception {
		SshKeygen.Key key = SshKeygen.generatePkcs8Ed25519(this.directory, "pkcs8", "");
		CredentialSummary created = this.credentials.create(new NewCredential("pkcs8-ed25519", key.text(), null), "t");

		try (CredentialLease lease = this.credentials.lease(created.id())) {
			assertThat(Files.readString(lease.privateKeyFile())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
			assertThat(SshKeygen.publicKeyOf(lease.privateKeyFile())).isEqualTo(key.publicKey());
		}
	}

	@Test
	void aClosedLeaseCannotBeUsedAndClosingTwiceIsHarmless() {
		SshKeygen.Key key = SshKeygen.generate(this.directory, "key", "ed25519", 0, null, "");
		CredentialSummary created = this.credentials.create(new NewCredential("closed-lease", key.text(), null), "t");
		CredentialLease lease = this.credentials.lease(created.id());

		lease.close();
		lease.close();

		assertThatThrownBy(lease::privateKeyFile).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(lease::keyPair).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void leasingAnUnknownCredentialIsNotFound() {
		assertThatThrownBy(() -> this.credentials.lease(UUID.randomUUID()))
			.isInstanceOf(io.opsdeck.shared.NotFoundException.class);
	}

	private static String masterKeyFileId() throws Exception {
		byte[] raw = Base64.getDecoder()
			.decode(Files.readString(TestDataDirectory.path().resolve("master.key")).strip());
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw), 0, 4);
	}

}
