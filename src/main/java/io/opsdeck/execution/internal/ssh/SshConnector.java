package io.opsdeck.execution.internal.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;

import javax.net.SocketFactory;

import com.hierynomus.sshj.key.KeyAlgorithms;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.transport.TransportException;
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

	/**
	 * Made at the first connection, not with the bean: sshj's {@link DefaultConfig} registers Bouncy Castle (~450
	 * classes from a signed jar, which no class data archive can hold), ~2.5 % of a start (issue 8, start-up).
	 */
	private volatile DefaultConfig config;

	/** Most bytes a channel buffers unread (sshj's {@code maxCircularBufferSize}), twice its 2 MiB window. */
	static final int CHANNEL_BUFFER_BYTES = 4 * 1024 * 1024;

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
		return openVerified(server, keyPair).client();
	}

	/**
	 * Like {@link #open}, and says which host key was verified.
	 * @return the authenticated client (the caller closes it) and the fingerprint of the host key it verified,
	 * {@code SHA256:<base64>}
	 */
	public Opened openVerified(ServerTarget server, KeyPair keyPair) throws HostKeyException, IOException {
		Connected connected = connect(server, new HostKeyCheck(server, inventory));
		SSHClient client = connected.client();
		try {
			client.authPublickey(server.username(), new KeyPairWrapper(keyPair));
			// The handshake is bounded by the connect timeout; a running command may be silent for as long as it
			// likes (keep-alives detect a dead peer).
			client.getSocket().setSoTimeout(0);
			return new Opened(client, SshKeys.fingerprint(connected.hostKey()));
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
			return attempt(server, check, config());
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
		prepare(client);
		try {
			client.connect(server.host(), server.port());
			return new Connected(client, java.util.Objects.requireNonNull(check.offered()));
		}
		catch (IOException ex) {
			IOUtils.closeQuietly(client);
			throw ex;
		}
	}

	/** What every client gets besides its config: sockets without Nagle's delay, keep-alives every 15 s. */
	static void prepare(SSHClient client) {
		client.setSocketFactory(NoDelaySockets.INSTANCE);
		client.getConnection().getKeepAlive().setKeepAliveInterval(15);
	}

	private record Connected(SSHClient client, PublicKey hostKey) {
	}

	/**
	 * An authenticated connection.
	 * @param client the client
	 * @param hostKeyFingerprint the verified host key's fingerprint, {@code SHA256:<base64>}
	 */
	public record Opened(SSHClient client, String hostKeyFingerprint) {
	}

	/**
	 * Sockets with {@code TCP_NODELAY}. sshj writes every SSH packet to the socket on its own, and some follow each
	 * other without waiting for an answer (the run's {@code env} request and then its {@code exec}; window
	 * adjustments while output flows): with Nagle's algorithm the second waits until the first is acknowledged,
	 * which a peer that delays its acknowledgements does after up to 40 ms (Linux). The packets are whole SSH
	 * packets already, so sending them at once costs no extra segments worth mentioning.
	 */
	static final class NoDelaySockets extends SocketFactory {

		static final NoDelaySockets INSTANCE = new NoDelaySockets();

		private static final SocketFactory PLAIN = SocketFactory.getDefault();

		@Override
		public Socket createSocket() throws IOException {
			return noDelay(PLAIN.createSocket());
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return noDelay(PLAIN.createSocket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
				throws IOException {
			return noDelay(PLAIN.createSocket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return noDelay(PLAIN.createSocket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
				int localPort) throws IOException {
			return noDelay(PLAIN.createSocket(address, port, localAddress, localPort));
		}

		private static Socket noDelay(Socket socket) throws IOException {
			socket.setTcpNoDelay(true);
			return socket;
		}

	}

	private DefaultConfig config() {
		DefaultConfig made = config;
		if (made == null) {
			synchronized (this) {
				made = config;
				if (made == null) {
					made = newConfig();
					config = made;
				}
			}
		}
		return made;
	}

	/**
	 * sshj's defaults with Opsdeck's ciphers and MACs: AES-GCM first, computed by the JDK's provider (see
	 * {@link JdkTransportCrypto}: sshj's default, ChaCha20-Poly1305 on Bouncy Castle, costs about 25 times the CPU).
	 */
	static DefaultConfig newConfig() {
		DefaultConfig config = new DefaultConfig();
		config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
		config.setCipherFactories(JdkTransportCrypto.ciphers());
		config.setMACFactories(JdkTransportCrypto.macs());
		// A channel's receive buffer grows by doubling up to this; sshj replenishes the window as data arrives, capped
		// only by the buffer's remaining capacity, so with its default of 16 MiB a run whose pump waited on the database
		// grew arrays of 512 KiB..16 MiB every run: 33 MB of humongous G1 objects, which started concurrent cycles
		// (issue 8, eighth round). 4 MiB stays above the 2 MiB first window, which arrives before any adjustment.
		config.setMaxCircularBufferSize(CHANNEL_BUFFER_BYTES);
		return config;
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
