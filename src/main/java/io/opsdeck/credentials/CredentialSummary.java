package io.opsdeck.credentials;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * What anyone may know about a credential: never the key material. Also the API's response body, which also
 * carries {@code sshKey} and {@code secret} (from {@link #isSshKey()} and {@link #isSecret()}): read-only booleans
 * derived from {@code type}, exactly one of them {@code true}, so a client need not compare type strings.
 *
 * @param id identifier
 * @param name unique name, e.g. {@code deploy}
 * @param type {@value #SSH_KEY} (an SSH private key servers are logged in with) or {@value #SECRET} (one sealed
 * string: a password or an API token, read with {@link Credentials#revealSecret(UUID)})
 * @param keyType SSH key algorithm, e.g. {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa};
 * {@code null} for a secret
 * @param fingerprint SHA-256 fingerprint of the public key as OpenSSH prints it, {@code SHA256:<base64>};
 * {@code null} for a secret
 * @param publicKey the public key in {@code authorized_keys} form, to install on servers; {@code null} for a secret
 * @param encrypted whether the stored key is protected by a passphrase; {@code false} for a secret
 * @param createdAt when it was stored
 */
public record CredentialSummary(UUID id, String name, String type, @Nullable String keyType,
		@Nullable String fingerprint, @Nullable String publicKey, boolean encrypted, Instant createdAt) {

	/** Type of an SSH private key credential. */
	public static final String SSH_KEY = "ssh-key";

	/** Type of a sealed string credential (password, API token). */
	public static final String SECRET = "secret";

	/** @return whether this is an SSH key a server may log in with; in the JSON as {@code sshKey} */
	@Schema(name = "sshKey", accessMode = Schema.AccessMode.READ_ONLY,
			description = "true when type is ssh-key: an SSH private key servers can be logged in with (keyType, "
					+ "fingerprint and publicKey are set). Derived from type, never sent in a request")
	public boolean isSshKey() {
		return SSH_KEY.equals(this.type);
	}

	/**
	 * @return whether this is a sealed string for {@link Credentials#revealSecret(UUID)}; in the JSON as
	 * {@code secret}
	 */
	@Schema(name = "secret", accessMode = Schema.AccessMode.READ_ONLY,
			description = "true when type is secret: one sealed string (a password or an API token) that is never "
					+ "shown again; keyType, fingerprint and publicKey are null. Derived from type, never sent in a "
					+ "request. Not the value: no response ever carries a secret's value")
	public boolean isSecret() {
		return SECRET.equals(this.type);
	}

}
