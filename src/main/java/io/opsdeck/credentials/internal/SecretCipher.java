package io.opsdeck.credentials.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with the JDK's provider. Each value gets a fresh 12-byte random nonce and is bound to its row by using
 * the row id (16 bytes, most significant half first) as associated data, so a ciphertext copied into another row
 * does not decrypt. Stored format: {@code version (1 byte, 1) | nonce (12 bytes) | ciphertext and 16-byte tag}.
 */
final class SecretCipher {

	static final byte VERSION = 1;

	static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private final SecureRandom random = new SecureRandom();

	private final MasterKey key;

	SecretCipher(MasterKey key) {
		this.key = key;
	}

	/** @return id of the master key this cipher uses */
	String keyId() {
		return this.key.id();
	}

	/**
	 * @param plaintext bytes to protect
	 * @param rowId the owning row's id, used as associated data
	 * @return {@code version | nonce | ciphertext+tag}
	 */
	byte[] encrypt(byte[] plaintext, UUID rowId) {
		return encrypt(plaintext, associatedData(rowId));
	}

	/**
	 * @param stored a value made by {@link #encrypt(byte[], UUID)}
	 * @param rowId the id it was encrypted for
	 * @return the plaintext; the caller should wipe it after use
	 * @throws IllegalStateException if the value is not in the stored format, was made with another master key or
	 * row id, or was altered
	 */
	byte[] decrypt(byte[] stored, UUID rowId) {
		return decrypt(stored, associatedData(rowId));
	}

	/**
	 * @param plaintext bytes to protect
	 * @param associatedData bytes the value is bound to
	 * @return {@code version | nonce | ciphertext+tag}
	 */
	byte[] encrypt(byte[] plaintext, byte[] associatedData) {
		byte[] nonce = new byte[NONCE_LENGTH];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_LENGTH + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	/**
	 * @param stored a value made by {@link #encrypt(byte[], byte[])}
	 * @param associatedData the bytes it was bound to
	 * @return the plaintext
	 * @throws IllegalStateException if the value is not in the stored format, was made with another master key or
	 * other associated data, or was altered
	 */
	byte[] decrypt(byte[] stored, byte[] associatedData) {
		if (stored.length < 1 + NONCE_LENGTH + TAG_BITS / 8 || stored[0] != VERSION) {
			throw new IllegalStateException("stored secret has an unknown format");
		}
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, this.key.secretKey(),
					new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_LENGTH));
			cipher.updateAAD(associatedData);
			return cipher.doFinal(stored, 1 + NONCE_LENGTH, stored.length - 1 - NONCE_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("stored secret cannot be decrypted with master key " + this.key.id()
					+ " (wrong key, wrong row or context, or altered data)");
		}
	}

	private static byte[] associatedData(UUID rowId) {
		return ByteBuffer.allocate(16)
			.putLong(rowId.getMostSignificantBits())
			.putLong(rowId.getLeastSignificantBits())
			.array();
	}

}
