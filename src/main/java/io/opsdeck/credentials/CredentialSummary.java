package io.opsdeck.credentials;

import java.time.Instant;
import java.util.UUID;

/**
 * What anyone may know about a credential: never the key material. Also the API's response body.
 *
 * @param id identifier
 * @param name unique name, e.g. {@code deploy}
 * @param type credential type; {@code ssh-key} for now
 * @param keyType SSH key algorithm, e.g. {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa}
 * @param fingerprint SHA-256 fingerprint of the public key as OpenSSH prints it, {@code SHA256:<base64>}
 * @param publicKey the public key in {@code authorized_keys} form, to install on servers
 * @param encrypted whether the stored key is protected by a passphrase
 * @param createdAt when it was stored
 */
public record CredentialSummary(UUID id, String name, String type, String keyType, String fingerprint,
		String publicKey, boolean encrypted, Instant createdAt) {
}
