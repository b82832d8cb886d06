package io.opsdeck.execution.internal.ssh;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.hierynomus.sshj.key.KeyAlgorithms;
import com.hierynomus.sshj.transport.cipher.GcmCipher;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Opens verified SSH connections with sshj. Connecting, the banner exchange, key exchange and authentication
 * each give up after {@code opsdeck.ssh.connect-timeout}. The host key must match the server's stored fingerprint (or is recorded
 * under trust-on-first-use); otherwise the connection fails with a {@link HostKeyException} naming the offered
 * fingerprint. Nothing ever prompts.
 * <p>
 * A fingerprint entered by hand does not say which of the server's host keys it belongs to. When the first key
 * offered does not match and Opsdeck has never seen the full key, the other key types are tried one at a time.
 */
@Component
public class SshConnector {

	private static final List<String> PROBE_TYPES = List.of("ssh-ed25519", "ecdsa-sha2-nistp256",
			"ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512");

	private final Inventory inventory;

	private final Duration connectTimeout;

	private final DefaultConfig config = newConfig();

	SshConnector(Inventory inventory, @Value("${opsdeck.ssh.connect-timeout:10s}") Duration connectTimeout) {
		this.inventory = inventory;
		this.connectTimeout = connectTimeout;
	}

	/**
	 * Connects, verifies the host key and authenticates with a key pair.
	 * @param server the server
	 * @param keyPair the login key
	 * @return an authenticated client; the caller closes it
	 * @throws HostKeyException when the host key is not trusted
	 * @throws IOException when the server cannot be reached or refuses the key
	 */
	public SSHClient open(ServerTarget server, KeyPair keyPair) throws HostKeyException, IOException {
		SSHClient client = connect(server, new HostKeyCheck(server, inventory)).client();
		try {
			client.authPublickey(server.username(), new KeyPairWrapper(keyPair));
			// The handshake is bounded by the connect timeout; a running command may be silent for as long as it
			// likes (keep-alives detect a dead peer).
			client.getSocket().setSoTimeout(0);
			return client;
		}
		catch (IOException ex) {
			IOUtils.closeQuietly(client);
			throw ex;
		}
	}

	/**
	 * Connects only to verify the host key (recording it under trust-on-first-use).
	 * @return the verified key, {@code <type> <base64>}
	 * @throws HostKeyException when the host key is not trusted
	 * @throws IOException when the server cannot be reached
	 */
	public String verifyHostKey(ServerTarget server) throws HostKeyException, IOException {
		Connected connected = connect(server, new HostKeyCheck(server, inventory));
		IOUtils.closeQuietly(connected.client());
		return SshKeys.openSsh(connected.hostKey());
	}

	private Connected connect(ServerTarget server, HostKeyCheck check) throws HostKeyException, IOException {
		try {
			return attempt(server, check, config);
		}
		catch (TransportException ex) {
			if (check.mismatch() && server.hostKey() == null && check.offered() != null) {
				String offeredType = SshKeys.type(check.offered());
				for (String type : PROBE_TYPES) {
					if (type.equals(offeredType) || (type.startsWith("rsa") && offeredType.equals("ssh-rsa"))) {
						continue;
					}
					HostKeyCheck probe = new HostKeyCheck(server, inventory);
					try {
						return attempt(server, probe, restrictedTo(type));
					}
					catch (TransportException probeFailure) {
						// that key type is absent or does not match either
					}
				}
			}
			HostKeyException refusal = check.failure();
			if (refusal != null) {
				throw refusal;
			}
			throw ex;
		}
	}

	private Connected attempt(ServerTarget server, HostKeyCheck check, DefaultConfig clientConfig) throws IOException {
		SSHClient client = new SSHClient(clientConfig);
		client.setConnectTimeout((int) connectTimeout.toMillis());
		// Also bounds reads during the handshake: a host that accepts TCP but never sends its banner fails here
		// instead of holding a run slot forever.
		client.setTimeout((int) connectTimeout.toMillis());
		client.addHostKeyVerifier(check);
		client.getConnection().getKeepAlive().setKeepAliveInterval(15);
		try {
			client.connect(server.host(), server.port());
			return new Connected(client, java.util.Objects.requireNonNull(check.offered()));
		}
		catch (IOException ex) {
			IOUtils.closeQuietly(client);
			throw ex;
		}
	}

	private record Connected(SSHClient client, PublicKey hostKey) {
	}

	private static DefaultConfig newConfig() {
		DefaultConfig config = new DefaultConfig();
		config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
		config.setCipherFactories(cipherPreference(config.getCipherFactories()));
		return config;
	}

	/**
	 * AES-GCM on the JDK's own provider first: sshj creates its ciphers on Bouncy Castle when that is on the class
	 * path, and Bouncy Castle's ChaCha20-Poly1305 (sshj's first choice) decrypts in plain Java at a fraction of the
	 * speed of the JDK's AES-GCM, which uses the CPU's AES and carry-less multiply instructions. Carrying 100 MB of
	 * output, that is most of the CPU time of the connection. The other ciphers follow in sshj's order for servers
	 * without AES-GCM (OpenSSH has offered it since 6.2).
	 */
	static List<Factory.Named<Cipher>> cipherPreference(List<Factory.Named<Cipher>> defaults) {
		List<Factory.Named<Cipher>> ciphers = new ArrayList<>();
		ciphers.add(new JdkAesGcm.Factory("aes128-gcm@openssh.com", 16));
		ciphers.add(new JdkAesGcm.Factory("aes256-gcm@openssh.com", 32));
		for (Factory.Named<Cipher> cipher : defaults) {
			if (!cipher.getName().startsWith("aes128-gcm") && !cipher.getName().startsWith("aes256-gcm")) {
				ciphers.add(cipher);
			}
		}
		return ciphers;
	}

	/** sshj's AES-GCM cipher, but on the JDK's provider (SunJCE) rather than the one sshj registered. */
	static final class JdkAesGcm extends GcmCipher {

		private static final String TRANSFORMATION = "AES/GCM/NoPadding";

		JdkAesGcm(int keyBytes) {
			super(12, 16, keyBytes, "AES", TRANSFORMATION);
		}

		@Override
		public void init(Mode mode, byte[] key, byte[] iv) {
			super.init(mode, key, iv);
			try {
				cipher = javax.crypto.Cipher.getInstance(TRANSFORMATION, "SunJCE");
			}
			catch (GeneralSecurityException ex) {
				throw new SSHRuntimeException("AES-GCM is not available from the JDK", ex);
			}
			// the first packet initialises the JDK cipher with the key and the counter IV set up by super.init
			initialized = false;
		}

		record Factory(String name, int keyBytes) implements net.schmizz.sshj.common.Factory.Named<Cipher> {

			@Override
			public Cipher create() {
				return new JdkAesGcm(keyBytes);
			}

			@Override
			public String getName() {
				return name;
			}

		}

	}

	private static DefaultConfig restrictedTo(String type) {
		DefaultConfig config = newConfig();
		Factory.Named<com.hierynomus.sshj.key.KeyAlgorithm> algorithm = switch (type) {
			case "ssh-ed25519" -> KeyAlgorithms.EdDSA25519();
			case "ecdsa-sha2-nistp256" -> KeyAlgorithms.ECDSASHANistp256();
			case "ecdsa-sha2-nistp384" -> KeyAlgorithms.ECDSASHANistp384();
			case "ecdsa-sha2-nistp521" -> KeyAlgorithms.ECDSASHANistp521();
			default -> KeyAlgorithms.RSASHA512();
		};
		config.setKeyAlgorithms(List.of(algorithm));
		return config;
	}

}
