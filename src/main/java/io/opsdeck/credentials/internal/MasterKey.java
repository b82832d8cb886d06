package io.opsdeck.credentials.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that encrypts every credential secret, with its id: the first 8 hex digits of the SHA-256 of the
 * key bytes, stored next to each secret so that Opsdeck notices a different key before it tries to decrypt.
 */
final class MasterKey {

	static final int LENGTH = 32;

	private final SecretKey key;

	private final String id;

	private MasterKey(SecretKey key, String id) {
		this.key = key;
		this.id = id;
	}

	/**
	 * @param raw exactly {@value #LENGTH} bytes; copied, so the caller may wipe its array
	 * @return the key
	 * @throws IllegalArgumentException for any other length
	 */
	static MasterKey of(byte[] raw) {
		if (raw.length != LENGTH) {
			throw new IllegalArgumentException("a master key must be " + LENGTH + " bytes, not " + raw.length);
		}
		return new MasterKey(new SecretKeySpec(raw, "AES"), idOf(raw));
	}

	/** @return first 8 lowercase hex digits of SHA-256 of the key */
	String id() {
		return this.id;
	}

	SecretKey secretKey() {
		return this.key;
	}

	private static String idOf(byte[] raw) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
			String hex = HexFormat.of().formatHex(digest, 0, 4);
			Arrays.fill(digest, (byte) 0);
			return hex;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "MasterKey[id=" + this.id + "]";
	}

}
