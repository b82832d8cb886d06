package io.opsdeck.execution.internal.ansible;

import java.util.List;
import java.util.UUID;

import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.HostKeyPolicy;
import io.opsdeck.inventory.ServerTarget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which stored host keys an Ansible run writes into its {@code known_hosts} before checking them again: only a key
 * whose fingerprint is the one Opsdeck trusts.
 */
class StoredHostKeyTests {

	/** An ed25519 host key and its {@code ssh-keygen -lf} fingerprint. */
	private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

	private static final String FINGERPRINT = "SHA256:" + java.util.Base64.getEncoder()
		.withoutPadding()
		.encodeToString(sha256(java.util.Base64.getDecoder().decode(KEY.split(" ")[1])));

	@Test
	void aStoredKeyOfTheTrustedFingerprintIsUsed() {
		assertThat(AnsibleHostKeys.storedKey(server(KEY, FINGERPRINT))).isEqualTo(KEY);
		assertThat(AnsibleHostKeys.storedKey(server(KEY + " comment", FINGERPRINT))).isEqualTo(KEY);
	}

	@Test
	void aKeyThatIsNotTheTrustedFingerprintIsCheckedFirst() {
		assertThat(AnsibleHostKeys.storedKey(server(KEY, "SHA256:somethingElse"))).isNull();
	}

	@Test
	void aServerWithoutAStoredKeyOrFingerprintIsCheckedFirst() {
		assertThat(AnsibleHostKeys.storedKey(server(null, FINGERPRINT))).isNull();
		assertThat(AnsibleHostKeys.storedKey(server(KEY, null))).isNull();
		assertThat(AnsibleHostKeys.storedKey(server("ssh-ed25519", FINGERPRINT))).isNull();
		assertThat(AnsibleHostKeys.storedKey(server("ssh-ed25519 not*base64", FINGERPRINT))).isNull();
	}

	private static ServerTarget server(String hostKey, String fingerprint) {
		return new ServerTarget(UUID.randomUUID(), "web-1", "10.0.0.1", 22, "deploy", Connection.SSH, null,
				HostKeyPolicy.STRICT, fingerprint, hostKey, "prod", List.of(), null);
	}

	private static byte[] sha256(byte[] data) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
