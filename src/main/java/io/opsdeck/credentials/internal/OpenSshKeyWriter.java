package io.opsdeck.credentials.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Writes a decrypted private key, without passphrase, in a form the OpenSSH client reads: ed25519 as
 * {@code openssh-key-v1} ({@code OPENSSH PRIVATE KEY}), RSA as PKCS#1 ({@code RSA PRIVATE KEY}), ECDSA as SEC1
 * ({@code EC PRIVATE KEY}), using BouncyCastle's {@link OpenSSHPrivateKeyUtil}.
 */
final class OpenSshKeyWriter {

	private OpenSshKeyWriter() {
	}

	/**
	 * @param key an ed25519, ECDSA or RSA private key
	 * @return the PEM text, ending with a newline
	 * @throws IllegalArgumentException for another algorithm
	 */
	static String write(PrivateKey key) {
		try {
			AsymmetricKeyParameter parameters = PrivateKeyFactory.createKey(key.getEncoded());
			String label;
			if (parameters instanceof Ed25519PrivateKeyParameters) {
				label = "OPENSSH PRIVATE KEY";
			}
			else if (parameters instanceof RSAKeyParameters) {
				label = "RSA PRIVATE KEY";
			}
			else if (parameters instanceof ECPrivateKeyParameters) {
				label = "EC PRIVATE KEY";
			}
			else {
				throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
			}
			StringWriter text = new StringWriter();
			try (PemWriter writer = new PemWriter(text)) {
				writer.writeObject(new PemObject(label, OpenSSHPrivateKeyUtil.encodePrivateKey(parameters)));
			}
			return text.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot encode private key", ex);
		}
	}

}
