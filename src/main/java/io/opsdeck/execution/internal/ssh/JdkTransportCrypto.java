package io.opsdeck.execution.internal.ssh;

import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCipher;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.transport.cipher.BlockCipher;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.mac.MAC;

/**
 * The ciphers and MACs Opsdeck offers over SSH, in order of preference, computed by the JDK's own provider (SunJCE).
 * <p>
 * sshj asks for every cipher and MAC through {@code SecurityUtils}, which prefers Bouncy Castle once it is on the
 * class path (it is, for key formats). Bouncy Castle's AES, GHASH and ChaCha20-Poly1305 are plain Java; SunJCE's
 * AES-GCM, AES-CTR and HMAC-SHA2 are compiled to the CPU's AES, carry-less multiply and SHA instructions. On the
 * benchmark machine (issue 8, {@code docs/benchmarks.md}, "SSH run of 100 MB, second round") encrypting and
 * decrypting 100 MB in 32 KiB packets takes about 40 ms of CPU with SunJCE's AES-128-GCM against about 1,050 ms with
 * sshj's default ChaCha20-Poly1305 and 1,600 ms with AES-GCM on Bouncy Castle.
 * <p>
 * Order: the AEAD modes first (AES-GCM, then ChaCha20-Poly1305 as sshj implements it, for servers that offer only
 * that), then AES-CTR with an encrypt-then-MAC HMAC-SHA2. No CBC, RC4, 3DES or Blowfish; HMAC-SHA1 only as the
 * last resort for old servers (it is only used with CTR, never with an AEAD cipher).
 */
final class JdkTransportCrypto {

	/** The JDK provider of AES and HMAC. */
	static final String PROVIDER = "SunJCE";

	private JdkTransportCrypto() {
	}

	/** @return the cipher factories, most preferred first */
	static List<Factory.Named<Cipher>> ciphers() {
		return List.of(new CipherFactory("aes128-gcm@openssh.com", 16, true),
				new CipherFactory("aes256-gcm@openssh.com", 32, true), ChachaPolyCiphers.CHACHA_POLY_OPENSSH(),
				new CipherFactory("aes128-ctr", 16, false), new CipherFactory("aes192-ctr", 24, false),
				new CipherFactory("aes256-ctr", 32, false));
	}

	/** @return the MAC factories (used with the CTR ciphers only), most preferred first */
	static List<Factory.Named<MAC>> macs() {
		return List.of(new MacFactory("hmac-sha2-256-etm@openssh.com", "HmacSHA256", 32, true),
				new MacFactory("hmac-sha2-512-etm@openssh.com", "HmacSHA512", 64, true),
				new MacFactory("hmac-sha2-256", "HmacSHA256", 32, false),
				new MacFactory("hmac-sha2-512", "HmacSHA512", 64, false),
				new MacFactory("hmac-sha1-etm@openssh.com", "HmacSHA1", 20, true),
				new MacFactory("hmac-sha1", "HmacSHA1", 20, false));
	}

	static javax.crypto.Cipher jdkCipher(String transformation) throws GeneralSecurityException {
		try {
			return javax.crypto.Cipher.getInstance(transformation, PROVIDER);
		}
		catch (NoSuchProviderException ex) {
			return javax.crypto.Cipher.getInstance(transformation); // a JDK without SunJCE (e.g. a FIPS build)
		}
	}

	static Mac jdkMac(String algorithm) throws GeneralSecurityException {
		try {
			return Mac.getInstance(algorithm, PROVIDER);
		}
		catch (NoSuchProviderException ex) {
			return Mac.getInstance(algorithm);
		}
	}

	/** sshj's {@code BaseCipher.initCipher}, which GCM and CTR implement differently. */
	@FunctionalInterface
	interface CipherInit {

		void init(javax.crypto.Cipher cipher, Cipher.Mode mode, byte[] key, byte[] iv)
				throws GeneralSecurityException;

	}

	/**
	 * The {@code init} of {@link JdkGcmCipher} and {@link JdkCtrCipher} (they extend different sshj classes): a
	 * SunJCE cipher for {@code transformation}, initialised by sshj's own {@code initCipher} with the key and IV cut
	 * to their sizes (sshj's key exchange hands over longer arrays).
	 * @return the initialised cipher
	 * @throws SSHRuntimeException when the JDK refuses the transformation or the key
	 */
	static javax.crypto.Cipher initJdkCipher(String transformation, int keyBytes, int ivBytes, Cipher.Mode mode,
			byte[] key, byte[] iv, CipherInit init) {
		try {
			javax.crypto.Cipher cipher = jdkCipher(transformation);
			init.init(cipher, mode, Arrays.copyOf(key, keyBytes), Arrays.copyOf(iv, ivBytes));
			return cipher;
		}
		catch (GeneralSecurityException ex) {
			throw new SSHRuntimeException(ex);
		}
	}

	/** An AES cipher in GCM ({@code aesN-gcm@openssh.com}, RFC 5647) or CTR mode (RFC 4344) on the JDK provider. */
	record CipherFactory(String name, int keyBytes, boolean gcm) implements Factory.Named<Cipher> {

		@Override
		public Cipher create() {
			return gcm ? new JdkGcmCipher(keyBytes) : new JdkCtrCipher(keyBytes);
		}

		@Override
		public String getName() {
			return name;
		}

	}

	/** sshj's AES-GCM packet handling (a fresh nonce per packet, the length as associated data) on SunJCE. */
	static final class JdkGcmCipher extends GcmCipher {

		private static final String TRANSFORMATION = "AES/GCM/NoPadding";

		private final int keyBytes;

		JdkGcmCipher(int keyBytes) {
			super(12, 16, keyBytes, "AES", TRANSFORMATION);
			this.keyBytes = keyBytes;
		}

		@Override
		public void init(Mode mode, byte[] key, byte[] iv) {
			cipher = null;
			cipher = initJdkCipher(TRANSFORMATION, keyBytes, getIVSize(), mode, key, iv, this::initCipher);
		}

		/** @return the name of the provider computing this cipher, after {@link #init} */
		String provider() {
			return cipher.getProvider().getName();
		}

	}

	/** AES in CTR mode on SunJCE. */
	static final class JdkCtrCipher extends BlockCipher {

		private static final String TRANSFORMATION = "AES/CTR/NoPadding";

		private final int keyBytes;

		JdkCtrCipher(int keyBytes) {
			super(16, keyBytes, "AES", TRANSFORMATION);
			this.keyBytes = keyBytes;
		}

		@Override
		public void init(Mode mode, byte[] key, byte[] iv) {
			cipher = null;
			cipher = initJdkCipher(TRANSFORMATION, keyBytes, getIVSize(), mode, key, iv, this::initCipher);
		}

		/** @return the name of the provider computing this cipher, after {@link #init} */
		String provider() {
			return cipher.getProvider().getName();
		}

	}

	/** An HMAC ({@code hmac-sha2-256}, RFC 6668; {@code -etm@openssh.com}: over the encrypted packet). */
	record MacFactory(String name, String algorithm, int bytes, boolean etm) implements Factory.Named<MAC> {

		@Override
		public MAC create() {
			return new JdkMac(algorithm, bytes, etm);
		}

		@Override
		public String getName() {
			return name;
		}

	}

	/** An untruncated HMAC on SunJCE; the key is as long as the digest (RFC 4253 section 7.2, RFC 6668). */
	static final class JdkMac implements MAC {

		private final String algorithm;

		private final int bytes;

		private final boolean etm;

		private final byte[] sequence = new byte[4];

		private Mac mac;

		JdkMac(String algorithm, int bytes, boolean etm) {
			this.algorithm = algorithm;
			this.bytes = bytes;
			this.etm = etm;
		}

		@Override
		public void init(byte[] key) {
			try {
				mac = jdkMac(algorithm);
				mac.init(new SecretKeySpec(Arrays.copyOf(key, bytes), algorithm));
			}
			catch (GeneralSecurityException ex) {
				throw new SSHRuntimeException(ex);
			}
		}

		@Override
		public byte[] doFinal() {
			return mac.doFinal();
		}

		@Override
		public byte[] doFinal(byte[] input) {
			return mac.doFinal(input);
		}

		@Override
		public void doFinal(byte[] output, int offset) {
			try {
				mac.doFinal(output, offset);
			}
			catch (ShortBufferException ex) {
				throw new SSHRuntimeException(ex);
			}
		}

		@Override
		public int getBlockSize() {
			return bytes;
		}

		@Override
		public void update(byte[] input) {
			mac.update(input);
		}

		@Override
		public void update(byte[] input, int offset, int length) {
			mac.update(input, offset, length);
		}

		/** The packet's sequence number, as the uint32 the MAC covers. */
		@Override
		public void update(long value) {
			sequence[0] = (byte) (value >>> 24);
			sequence[1] = (byte) (value >>> 16);
			sequence[2] = (byte) (value >>> 8);
			sequence[3] = (byte) value;
			mac.update(sequence, 0, 4);
		}

		@Override
		public boolean isEtm() {
			return etm;
		}

		/** @return the name of the provider computing this MAC, after {@link #init} */
		String provider() {
			return mac.getProvider().getName();
		}

	}

}
