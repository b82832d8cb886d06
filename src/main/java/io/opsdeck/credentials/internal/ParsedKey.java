package io.opsdeck.credentials.internal;

import java.security.KeyPair;

/**
 * An SSH private key that {@link SshKeyParser} read successfully.
 *
 * @param text the key as pasted, normalised: only the PEM block, {@code \n} line ends, one final newline
 * @param keyPair the decrypted key pair
 * @param keyType SSH algorithm name: {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256|384|521} or {@code ssh-rsa}
 * @param publicKey {@code authorized_keys} form, {@code <keyType> <base64 blob>}
 * @param fingerprint {@code SHA256:<unpadded base64 of SHA-256 of the blob>}, as {@code ssh-keygen -l} prints it
 * @param encrypted whether the text is protected by a passphrase
 * @param readableByOpenSsh whether the OpenSSH client can read {@link #text} as it is (false for PKCS#8 ed25519,
 * which OpenSSH does not read)
 */
record ParsedKey(String text, KeyPair keyPair, String keyType, String publicKey, String fingerprint,
		boolean encrypted, boolean readableByOpenSsh) {

	@Override
	public String toString() {
		return "ParsedKey[keyType=" + keyType + ", fingerprint=" + fingerprint + ", encrypted=" + encrypted + "]";
	}

}
