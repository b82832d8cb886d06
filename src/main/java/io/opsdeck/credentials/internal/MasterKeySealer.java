package io.opsdeck.credentials.internal;

import java.nio.charset.StandardCharsets;

import io.opsdeck.credentials.SecretSealer;

import org.springframework.stereotype.Component;

/**
 * {@link SecretSealer} with the master key: the same AES-256-GCM format as stored credentials, bound to
 * {@code "sealer:" + context} as associated data so that a sealed value never opens as a credential or under
 * another context. Each sealed value names the master key it was sealed with; a rotation re-seals the values in the
 * columns declared as {@link io.opsdeck.credentials.SealedColumn}s.
 */
@Component
class MasterKeySealer implements SecretSealer {

	private final SecretCipher cipher;

	MasterKeySealer(SecretCipher cipher) {
		this.cipher = cipher;
	}

	@Override
	public byte[] seal(byte[] plaintext, String context) {
		return this.cipher.encrypt(plaintext, associatedData(context));
	}

	@Override
	public byte[] open(byte[] sealed, String context) {
		return this.cipher.decrypt(sealed, associatedData(context));
	}

	static byte[] associatedData(String context) {
		return ("sealer:" + context).getBytes(StandardCharsets.UTF_8);
	}

}
