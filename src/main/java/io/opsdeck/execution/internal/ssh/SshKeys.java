package io.opsdeck.execution.internal.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * Host key notation as OpenSSH writes it.
 */
public final class SshKeys {

	private SshKeys() {
	}

	/** @return the SSH wire encoding of a public key */
	public static byte[] blob(PublicKey key) {
		return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
	}

	/** @return {@code SHA256:<unpadded base64>}, as {@code ssh-keygen -lf} prints it */
	public static String fingerprint(PublicKey key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(key));
			return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** @return the key type name, e.g. {@code ssh-ed25519} */
	public static String type(PublicKey key) {
		return KeyType.fromKey(key).toString();
	}

	/** @return {@code <type> <base64>}: the key part of a {@code known_hosts} line */
	public static String openSsh(PublicKey key) {
		return type(key) + " " + Base64.getEncoder().encodeToString(blob(key));
	}

	/** @return the type name at the start of a stored {@code <type> <base64>} key */
	static String typeOf(String openSshKey) {
		int space = openSshKey.indexOf(' ');
		return (space < 0) ? openSshKey : openSshKey.substring(0, space);
	}

	static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
