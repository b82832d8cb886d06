package io.opsdeck.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes API token values. A value is {@code odk_} followed by 32 random bytes in unpadded base64url (47
 * characters); the database keeps only its SHA-256 in lower-case hex and its first {@value #PREFIX_LENGTH}
 * characters for display. A plain hash (no salt, no work factor) is enough because the value carries 256 random
 * bits; it also allows the lookup by hash.
 */
public final class TokenValues {

	/** Marks Opsdeck tokens so secret scanners and people can recognise them. */
	public static final String PREFIX = "odk_";

	/** Characters of the value kept in clear for display. */
	public static final int PREFIX_LENGTH = 8;

	/** Shortest accepted {@code opsdeck.bootstrap-token}. */
	public static final int MIN_BOOTSTRAP_LENGTH = 20;

	/** Longest value the bearer converter accepts; anything longer cannot be ours. */
	public static final int MAX_LENGTH = 256;

	private static final SecureRandom RANDOM = new SecureRandom();

	private TokenValues() {
	}

	/** @return a fresh token value, {@code odk_} + 43 base64url characters */
	public static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * @return whether {@code value} can be sent as {@code Authorization: Bearer <value>}: RFC 6750 characters, at
	 * most {@value #MAX_LENGTH} of them
	 */
	public static boolean isWellFormed(String value) {
		int length = value.length();
		if (length > MAX_LENGTH) {
			return false;
		}
		// RFC 6750 b64token, [A-Za-z0-9._~+/-]+=*, checked without a regex matcher (every bearer request passes
		// here; issue 8, scenario 6)
		int i = 0;
		while (i < length && isB64TokenCharacter(value.charAt(i))) {
			i++;
		}
		if (i == 0) {
			return false;
		}
		while (i < length && value.charAt(i) == '=') {
			i++;
		}
		return i == length;
	}

	/** @return whether {@code c} is in {@code [A-Za-z0-9._~+/-]} */
	private static boolean isB64TokenCharacter(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
				|| c == '~' || c == '+' || c == '/' || c == '-';
	}

	/** @return the SHA-256 of the value's UTF-8 bytes, 64 lower-case hex digits */
	public static String hash(String value) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	/** @return the first {@value #PREFIX_LENGTH} characters of the value (all of it when shorter) */
	public static String prefix(String value) {
		return value.substring(0, Math.min(PREFIX_LENGTH, value.length()));
	}

}
