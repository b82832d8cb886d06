package io.opsdeck.credentials.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The unencrypted header of an {@code openssh-key-v1} private key (OpenSSH's PROTOCOL.key): cipher name and the
 * embedded public key's type, readable without the passphrase. Used to say "needs a passphrase", "DSA is not
 * supported" or "security keys need their token" before trying to decrypt.
 *
 * @param cipher cipher name, {@code none} when not encrypted
 * @param keyType type of the (first) key, e.g. {@code ssh-ed25519}, {@code ssh-dss}
 * @param keyCount number of keys in the file
 */
record OpenSshEnvelope(String cipher, String keyType, int keyCount) {

	private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

	private static final int MAX_FIELD = 16 * 1024;

	boolean encrypted() {
		return !"none".equals(cipher);
	}

	/**
	 * @param base64Body the lines between the BEGIN and END markers
	 * @return the envelope
	 * @throws IllegalArgumentException if the body is not an {@code openssh-key-v1} structure
	 */
	static OpenSshEnvelope read(String base64Body) {
		try {
			ByteBuffer buffer = ByteBuffer.wrap(Base64.getMimeDecoder().decode(base64Body));
			byte[] magic = new byte[MAGIC.length];
			buffer.get(magic);
			if (!Arrays.equals(magic, MAGIC)) {
				throw new IllegalArgumentException("not openssh-key-v1");
			}
			String cipher = new String(field(buffer), StandardCharsets.US_ASCII);
			field(buffer); // kdf name
			field(buffer); // kdf options
			int keyCount = buffer.getInt();
			ByteBuffer publicBlob = ByteBuffer.wrap(field(buffer));
			String keyType = new String(field(publicBlob), StandardCharsets.US_ASCII);
			return new OpenSshEnvelope(cipher, keyType, keyCount);
		}
		catch (BufferUnderflowException ex) {
			throw new IllegalArgumentException("truncated openssh-key-v1 structure");
		}
	}

	private static byte[] field(ByteBuffer buffer) {
		int length = buffer.getInt();
		if (length < 0 || length > MAX_FIELD || length > buffer.remaining()) {
			throw new IllegalArgumentException("bad field length");
		}
		byte[] value = new byte[length];
		buffer.get(value);
		return value;
	}

}
