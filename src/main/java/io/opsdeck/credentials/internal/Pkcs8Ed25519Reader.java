package io.opsdeck.credentials.internal;

import java.io.StringReader;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.jspecify.annotations.Nullable;

/**
 * Reads PKCS#8 ed25519 keys ({@code openssl genpkey -algorithm ed25519}), plain or encrypted, with BouncyCastle:
 * sshj reads PKCS#8 only for RSA, EC and DSA. The key objects are BouncyCastle's, the same classes sshj returns for
 * OpenSSH ed25519 keys, so sshj signs with them alike.
 */
final class Pkcs8Ed25519Reader {

	private static final Provider BC = new BouncyCastleProvider();

	private Pkcs8Ed25519Reader() {
	}

	/**
	 * @param pem one PEM block, {@code PRIVATE KEY} or {@code ENCRYPTED PRIVATE KEY}
	 * @param passphrase for the encrypted form
	 * @return the key pair, or {@code null} if the block is not a readable ed25519 key (wrong passphrase included)
	 */
	static @Nullable KeyPair read(String pem, @Nullable String passphrase) {
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			Object object = parser.readObject();
			PrivateKeyInfo info;
			if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted && passphrase != null) {
				info = encrypted.decryptPrivateKeyInfo(
						new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase.toCharArray()));
			}
			else if (object instanceof PrivateKeyInfo plain) {
				info = plain;
			}
			else {
				return null;
			}
			if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
				return null;
			}
			Ed25519PrivateKeyParameters parameters = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(info);
			byte[] publicInfo = SubjectPublicKeyInfoFactory
				.createSubjectPublicKeyInfo(parameters.generatePublicKey())
				.getEncoded();
			PublicKey publicKey = KeyFactory.getInstance("Ed25519", BC).generatePublic(new X509EncodedKeySpec(publicInfo));
			return new KeyPair(publicKey, new JcaPEMKeyConverter().setProvider(BC).getPrivateKey(info));
		}
		catch (Exception ex) {
			return null;
		}
	}

}
