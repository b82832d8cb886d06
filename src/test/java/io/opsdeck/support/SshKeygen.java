package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes real SSH keys with OpenSSH's {@code ssh-keygen} (and {@code openssl} for PKCS#8 ed25519, which ssh-keygen
 * does not write), and asks it for fingerprints, so tests compare Opsdeck against the reference implementation.
 * Arguments are passed as a list: no shell is involved.
 */
public final class SshKeygen {

	private SshKeygen() {
	}

	/**
	 * A generated key.
	 *
	 * @param file private key file (its {@code .pub} sits next to it)
	 * @param text private key text
	 * @param publicKey {@code <type> <base64>} from the {@code .pub} file, without comment
	 * @param fingerprint {@code SHA256:...} as {@code ssh-keygen -lf} prints it
	 */
	public record Key(Path file, String text, String publicKey, String fingerprint) {
	}

	/**
	 * @param directory where to write
	 * @param name file name
	 * @param type {@code ed25519}, {@code ecdsa}, {@code rsa} or {@code dsa}
	 * @param bits key size ({@code 0} for the default)
	 * @param format {@code null} for OpenSSH, {@code PEM} or {@code PKCS8}
	 * @param passphrase {@code ""} for none
	 * @return the key
	 */
	public static Key generate(Path directory, String name, String type, int bits, String format, String passphrase) {
		Path file = directory.resolve(name);
		List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C",
				"test@opsdeck", "-f", file.toString()));
		if (bits > 0) {
			command.addAll(List.of("-b", String.valueOf(bits)));
		}
		if (format != null) {
			command.addAll(List.of("-m", format));
		}
		run(command);
		return describe(file);
	}

	/**
	 * Writes a PKCS#8 ed25519 key with {@code openssl genpkey} (and a {@code .pub} with {@code ssh-keygen -y} from an
	 * OpenSSH copy, since OpenSSH 9 cannot read PKCS#8 ed25519 itself).
	 * @param passphrase {@code ""} for an unencrypted key
	 */
	public static Key generatePkcs8Ed25519(Path directory, String name, String passphrase) {
		Path plain = directory.resolve(name + ".plain");
		run(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", plain.toString()));
		Path file = directory.resolve(name);
		if (passphrase.isEmpty()) {
			run(List.of("cp", plain.toString(), file.toString()));
		}
		else {
			run(List.of("openssl", "pkcs8", "-topk8", "-in", plain.toString(), "-out", file.toString(), "-v2",
					"aes-256-cbc", "-passout", "pass:" + passphrase));
		}
		Path der = directory.resolve(name + ".der");
		run(List.of("openssl", "pkey", "-in", plain.toString(), "-pubout", "-outform", "DER", "-out", der.toString()));
		try {
			byte[] spki = Files.readAllBytes(der);
			byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
			java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
			java.io.DataOutputStream data = new java.io.DataOutputStream(blob);
			data.writeInt(11);
			data.writeBytes("ssh-ed25519");
			data.writeInt(32);
			data.write(raw);
			String publicKey = "ssh-ed25519 " + java.util.Base64.getEncoder().encodeToString(blob.toByteArray());
			Path pub = directory.resolve(name + ".pub");
			Files.writeString(pub, publicKey + " test@opsdeck\n");
			return new Key(file, read(file), publicKey, fingerprint(pub));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the fingerprint {@code ssh-keygen -lf} prints for a key file (private or public) */
	public static String fingerprint(Path keyFile) {
		String out = run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", keyFile.toString()));
		return out.split("\\s+")[1];
	}

	/** @return {@code ssh-keygen -y -f file}: the public key of an unencrypted private key file, without comment */
	public static String publicKeyOf(Path keyFile) {
		String[] parts = run(List.of("ssh-keygen", "-y", "-f", keyFile.toString())).strip().split("\\s+");
		return parts[0] + " " + parts[1];
	}

	private static Key describe(Path file) {
		String[] pub = read(Path.of(file + ".pub")).strip().split("\\s+");
		return new Key(file, read(file), pub[0] + " " + pub[1], fingerprint(file));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return stdout; fails on a non-zero exit */
	static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
			process.getOutputStream().close();
			byte[] out = process.getInputStream().readAllBytes();
			byte[] err = process.getErrorStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command.get(0) + " failed: " + new String(err, StandardCharsets.UTF_8));
			}
			return new String(out, StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
