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
 * does not decrypt. Stored format: {@code version (1 byte, 2) | key id (4 bytes) | nonce (12 bytes) | ciphertext and
 * 16-byte tag}; the key id says which master key of the {@link MasterKeyring} opens it, so values under the current
 * and under previous keys can coexist while a rotation runs. Version 1 values (before key ids were embedded, no key
 * id) still decrypt: every key of the ring is tried.
 */
final class SecretCipher {

	static final byte VERSION = 2;

	static final byte VERSION_1 = 1;

	static final int KEY_ID_LENGTH = 4;

	static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private final SecureRandom random = new SecureRandom();

	private final MasterKeyring keys;

	SecretCipher(MasterKeyring keys) {
		this.keys = keys;
	}

	SecretCipher(MasterKey key) {
		this(MasterKeyring.of(key));
	}

	/** @return id of the current master key, the one this cipher encrypts with */
	String keyId() {
		return this.keys.current().id();
	}

	MasterKeyring keyring() {
		return this.keys;
	}

	/**
	 * @param stored a stored value
	 * @return the id of the master key it is encrypted with, or {@code null} for a version 1 value (no id inside)
	 */
	static @org.jspecify.annotations.Nullable String keyIdOf(byte[] stored) {
		if (stored.length < 1 + KEY_ID_LENGTH || stored[0] != VERSION) {
			return null;
		}
		return java.util.HexFormat.of().formatHex(stored, 1, 1 + KEY_ID_LENGTH);
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
			MasterKey key = this.keys.current();
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + KEY_ID_LENGTH + NONCE_LENGTH + sealed.length)
				.put(VERSION)
				.put(java.util.HexFormat.of().parseHex(key.id()))
				.put(nonce)
				.put(sealed)
				.array();
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
		if (stored.length > 0 && stored[0] == VERSION) {
			if (stored.length < 1 + KEY_ID_LENGTH + NONCE_LENGTH + TAG_BITS / 8) {
				throw new IllegalStateException("stored secret has an unknown format");
			}
			String id = keyIdOf(stored);
			MasterKey key = this.keys.find(id)
				.orElseThrow(() -> new IllegalStateException("stored secret is encrypted with master key " + id
						+ ", which is neither the current master key " + keyId() + " nor a previous one "
						+ this.keys.previousIds()));
			return open(key, stored, 1 + KEY_ID_LENGTH, associatedData);
		}
		if (stored.length < 1 + NONCE_LENGTH + TAG_BITS / 8 || stored[0] != VERSION_1) {
			throw new IllegalStateException("stored secret has an unknown format");
		}
		IllegalStateException failure = null;
		for (MasterKey key : this.keys.all()) {
			try {
				return open(key, stored, 1, associatedData);
			}
			catch (IllegalStateException ex) {
				failure = (failure == null) ? ex : failure;
			}
		}
		throw failure;
	}

	private static byte[] open(MasterKey key, byte[] stored, int nonceOffset, byte[] associatedData) {
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, stored, nonceOffset,
					NONCE_LENGTH));
			cipher.updateAAD(associatedData);
			int offset = nonceOffset + NONCE_LENGTH;
			return cipher.doFinal(stored, offset, stored.length - offset);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("stored secret cannot be decrypted with master key " + key.id()
					+ " (wrong key, wrong row or context, or altered data)");
		}
	}

	static byte[] associatedData(UUID rowId) {
		return ByteBuffer.allocate(16)
			.putLong(rowId.getMostSignificantBits())
			.putLong(rowId.getLeastSignificantBits())
			.array();
	}

}
