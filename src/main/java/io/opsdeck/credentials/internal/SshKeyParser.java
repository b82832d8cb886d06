package io.opsdeck.credentials.internal;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import io.opsdeck.shared.InvalidInputException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.userauth.keyprovider.BaseFileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.PKCS8KeyFile;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.jspecify.annotations.Nullable;

/**
 * Reads a pasted SSH private key with sshj: OpenSSH ({@code openssh-key-v1}) and PEM (PKCS#1 {@code RSA PRIVATE
 * KEY}, SEC1 {@code EC PRIVATE KEY}, PKCS#8 {@code PRIVATE KEY} and {@code ENCRYPTED PRIVATE KEY}, legacy encrypted
 * PEM with {@code Proc-Type}) for ed25519, ECDSA on nistp256/384/521 and RSA, with an optional passphrase. PKCS#8
 * ed25519, which sshj cannot read, is read by {@link Pkcs8Ed25519Reader}.
 * <p>
 * Every failure is an {@link InvalidInputException} on {@code privateKey} or {@code passphrase} with a message of
 * our own: exception texts from the libraries are never passed on, so no key material can be echoed.
 */
final class SshKeyParser {

	/** Larger texts are refused before parsing: an 8192-bit RSA key in PEM is about 6.5 KiB. */
	static final int MAX_KEY_BYTES = 16 * 1024;

	static final String PRIVATE_KEY = "privateKey";

	static final String PASSPHRASE = "passphrase";

	private static final Set<String> SUPPORTED_TYPES = Set.of("ssh-ed25519", "ecdsa-sha2-nistp256",
			"ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa");

	private static final Pattern PUBLIC_KEY_LINE = Pattern
		.compile("^(ssh-[a-z0-9]+|ecdsa-sha2-[a-z0-9]+|sk-[a-z0-9@.-]+)(-cert-v01@openssh\\.com)?\\s+AAAA");

	private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

	private static final String NOT_A_KEY = "This is not an SSH private key in OpenSSH or PEM format (it should start"
			+ " with a line like -----BEGIN OPENSSH PRIVATE KEY-----).";

	private static final String PUBLIC_NOT_PRIVATE = "This is a public key. Paste the private key: the file without"
			+ " .pub, e.g. ~/.ssh/id_ed25519.";

	private static final String DSA = "DSA keys are not supported (OpenSSH disabled them in version 7.0). Use an"
			+ " ed25519, ECDSA or RSA key.";

	/**
	 * @param pasted the key text as the user pasted it
	 * @param passphrase the passphrase, or {@code null}/empty for none; must be empty for an unencrypted key, so that
	 * a user who believes the key is protected learns that it is not
	 * @return the parsed key
	 * @throws InvalidInputException naming {@code privateKey} or {@code passphrase} (missing, wrong, or given for an
	 * unencrypted key)
	 */
	ParsedKey parse(@Nullable String pasted, @Nullable String passphrase) {
		if (pasted == null || pasted.isBlank()) {
			throw invalidKey("Paste an SSH private key.");
		}
		if (pasted.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
			throw invalidKey("The key is larger than 16 KiB, which no supported SSH private key is.");
		}
		// blanks around each line go: a key copied out of a YAML block or a wiki's code block is indented (breaker,
		// round 7); no line of a key's armour, headers or base64 body starts or ends with one
		String text = pasted.replace("\uFEFF", "").replace("\r\n", "\n").replace('\r', '\n').lines()
			.map(String::strip)
			.collect(Collectors.joining("\n"))
			.strip();
		rejectObviousMistakes(text);
		Matcher begin = BEGIN.matcher(text);
		if (!begin.find()) {
			throw invalidKey(NOT_A_KEY);
		}
		String label = begin.group(1);
		String end = "-----END " + label + "-----";
		int endIndex = text.indexOf(end, begin.end());
		if (endIndex < 0) {
			throw invalidKey("The key is incomplete: the line " + end + " is missing.");
		}
		if (BEGIN.matcher(text).region(begin.end(), text.length()).find()) {
			throw invalidKey("Paste exactly one private key.");
		}
		String block = text.substring(begin.start(), endIndex + end.length()) + "\n";
		String body = text.substring(begin.end(), endIndex);
		boolean encrypted = switch (label) {
			case "OPENSSH PRIVATE KEY" -> inspectOpenSsh(body).encrypted();
			case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> body.contains("Proc-Type: 4,ENCRYPTED");
			case "PRIVATE KEY" -> false;
			case "ENCRYPTED PRIVATE KEY" -> true;
			case "DSA PRIVATE KEY" -> throw invalidKey(DSA);
			default -> throw invalidKey("Keys of type \"" + label + "\" are not supported. " + NOT_A_KEY);
		};
		String secret = (passphrase == null || passphrase.isEmpty()) ? null : passphrase;
		if (encrypted && secret == null) {
			throw new InvalidInputException(PASSPHRASE, "This key is protected by a passphrase: enter it.");
		}
		if (!encrypted && secret != null) {
			throw new InvalidInputException(PASSPHRASE, "This key is not encrypted; leave the passphrase empty.");
		}
		boolean pkcs8 = label.equals("PRIVATE KEY") || label.equals("ENCRYPTED PRIVATE KEY");
		KeyPair keyPair = read(block, label, encrypted ? secret : null, pkcs8);
		return describe(block, keyPair, encrypted, pkcs8);
	}

	private static void rejectObviousMistakes(String text) {
		if (PUBLIC_KEY_LINE.matcher(text).find() || text.startsWith("---- BEGIN SSH2 PUBLIC KEY ----")
				|| text.matches("(?s)-----BEGIN ([A-Z]+ )?PUBLIC KEY-----.*")) {
			throw invalidKey(PUBLIC_NOT_PRIVATE);
		}
		if (text.startsWith("-----BEGIN CERTIFICATE-----")) {
			throw invalidKey("This is a certificate, not an SSH private key.");
		}
		if (text.startsWith("PuTTY-User-Key-File-")) {
			throw invalidKey("PuTTY keys are not supported. Convert the key first: puttygen key.ppk -O"
					+ " private-openssh -o key");
		}
	}

	private static OpenSshEnvelope inspectOpenSsh(String body) {
		OpenSshEnvelope envelope;
		try {
			envelope = OpenSshEnvelope.read(body);
		}
		catch (IllegalArgumentException ex) {
			throw invalidKey("The OpenSSH private key is damaged (its content is not a valid key structure).");
		}
		if (envelope.keyCount() != 1) {
			throw invalidKey("The file holds " + envelope.keyCount() + " keys; paste a file with exactly one.");
		}
		if (envelope.keyType().equals("ssh-dss")) {
			throw invalidKey(DSA);
		}
		if (envelope.keyType().startsWith("sk-")) {
			throw invalidKey("Security-key (FIDO, sk-) keys need their hardware token and cannot be used by Opsdeck.");
		}
		if (!SUPPORTED_TYPES.contains(envelope.keyType())) {
			throw invalidKey("Keys of type " + envelope.keyType() + " are not supported. Use ed25519, ECDSA or RSA.");
		}
		return envelope;
	}

	private static KeyPair read(String block, String label, @Nullable String passphrase, boolean pkcs8) {
		BaseFileKeyProvider provider = label.equals("OPENSSH PRIVATE KEY") ? new OpenSSHKeyV1KeyFile()
				: new PKCS8KeyFile();
		provider.init(new StringReader(block),
				(passphrase != null) ? PasswordUtils.createOneOff(passphrase.toCharArray()) : null);
		try {
			return new KeyPair(provider.getPublic(), provider.getPrivate());
		}
		catch (Exception | LinkageError ex) {
			if (pkcs8) {
				KeyPair ed25519 = Pkcs8Ed25519Reader.read(block, passphrase);
				if (ed25519 != null) {
					return ed25519;
				}
			}
			if (passphrase != null) {
				throw new InvalidInputException(PASSPHRASE,
						"The passphrase does not decrypt this key (or the key is damaged).");
			}
			throw invalidKey("The key could not be read: it is damaged or uses an unsupported algorithm.");
		}
	}

	private static ParsedKey describe(String block, KeyPair keyPair, boolean encrypted, boolean pkcs8) {
		PublicKey publicKey = keyPair.getPublic();
		KeyType type = KeyType.fromKey(publicKey);
		if (type == KeyType.DSA) {
			throw invalidKey(DSA);
		}
		if (!SUPPORTED_TYPES.contains(type.toString())) {
			throw invalidKey("This key algorithm is not supported. Use ed25519, ECDSA (nistp256/384/521) or RSA.");
		}
		byte[] blob = new Buffer.PlainBuffer().putPublicKey(publicKey).getCompactData();
		String publicText = type + " " + Base64.getEncoder().encodeToString(blob);
		boolean readable = !(pkcs8 && type == KeyType.ED25519);
		return new ParsedKey(block, keyPair, type.toString(), publicText, fingerprint(blob), encrypted, readable);
	}

	/**
	 * @param publicKeyBlob the SSH wire encoding of a public key
	 * @return {@code SHA256:} and the unpadded base64 of its SHA-256, as OpenSSH prints fingerprints
	 */
	static String fingerprint(byte[] publicKeyBlob) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKeyBlob);
			return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static InvalidInputException invalidKey(String message) {
		return new InvalidInputException(PRIVATE_KEY, message);
	}

}
