package io.opsdeck.backups.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 and length of a stream, read in 64 KiB pieces: a backup of any size is hashed in constant memory.
 *
 * @param sizeBytes bytes read
 * @param sha256 lowercase hex SHA-256 of those bytes
 */
record ObjectDigest(long sizeBytes, String sha256) {

	private static final int BUFFER = 64 * 1024;

	/**
	 * Reads the stream to its end (the caller closes it).
	 * @param in the object's bytes
	 * @return their length and SHA-256
	 * @throws IOException when reading fails
	 */
	static ObjectDigest of(InputStream in) throws IOException {
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
		byte[] buffer = new byte[BUFFER];
		long size = 0;
		for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
			sha256.update(buffer, 0, read);
			size += read;
		}
		return new ObjectDigest(size, HexFormat.of().formatHex(sha256.digest()));
	}

}
