package io.opsdeck.execution.internal.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.opsdeck.support.SshdServer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.NegotiatedAlgorithms;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.mac.MAC;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opsdeck's SSH cipher and MAC list ({@link JdkTransportCrypto}) against a real OpenSSH server: what it negotiates
 * by default, that servers offering only ChaCha20-Poly1305 or only AES-CTR with an HMAC still connect, and that the
 * AES and HMAC work is done by the JDK's provider.
 */
class SshTransportCryptoTests {

	private static final String ADDRESS = "127.0.0.147";

	@Test
	void negotiatesAesGcmWithAnOpenSshServerAndCarriesOutputIntact() throws IOException {
		try (SshdServer sshd = SshdServer.start(ADDRESS)) {
			Transfer transfer = transfer(sshd);
			assertThat(transfer.algorithms().getServer2ClientCipherAlgorithm()).isEqualTo("aes128-gcm@openssh.com");
			assertThat(transfer.algorithms().getClient2ServerCipherAlgorithm()).isEqualTo("aes128-gcm@openssh.com");
			transfer.assertIntact();
		}
	}

	@Test
	void connectsToAServerOfferingOnlyChaCha20Poly1305() throws IOException {
		try (SshdServer sshd = startWith("-o", "Ciphers=chacha20-poly1305@openssh.com")) {
			Transfer transfer = transfer(sshd);
			assertThat(transfer.algorithms().getServer2ClientCipherAlgorithm())
				.isEqualTo("chacha20-poly1305@openssh.com");
			transfer.assertIntact();
		}
	}

	@Test
	void connectsToServersOfferingOnlyAesCtrWithAnHmac() throws IOException {
		for (String mac : List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512")) {
			try (SshdServer sshd = startWith("-o", "Ciphers=aes256-ctr", "-o", "MACs=" + mac)) {
				Transfer transfer = transfer(sshd);
				assertThat(transfer.algorithms().getServer2ClientCipherAlgorithm()).isEqualTo("aes256-ctr");
				assertThat(transfer.algorithms().getServer2ClientMACAlgorithm()).isEqualTo(mac);
				transfer.assertIntact();
			}
		}
	}

	/**
	 * A channel buffers at most {@link SshConnector#CHANNEL_BUFFER_BYTES} unread (issue 8: sshj's 16 MiB default grew
	 * humongous arrays every large run). The window sshj grants the server is bounded by that buffer's free space, so a
	 * reader that stalls for seconds while ~20 MB are on their way must still get every byte, in order, and the exit
	 * status: the server waits for window space instead of overflowing the buffer.
	 */
	@Test
	void aReaderThatStallsGetsEveryByteThroughTheCappedChannelBuffer() throws Exception {
		assertThat(SshConnector.newConfig().getMaxCircularBufferSize()).isEqualTo(SshConnector.CHANNEL_BUFFER_BYTES);
		try (SshdServer sshd = SshdServer.start(ADDRESS);
				SSHClient client = new SSHClient(SshConnector.newConfig())) {
			SshConnector.prepare(client);
			client.addHostKeyVerifier(sshd.hostKeyFingerprint());
			client.connect(sshd.host(), sshd.port());
			client.authPublickey(sshd.username(), client.loadKeys(sshd.clientPrivateKeyPath().toString()));
			try (Session session = client.startSession()) {
				Session.Command command = session.exec("seq 1 2500000");
				byte[] piece = new byte[64 * 1024];
				long lines = 0;
				long last = 0;
				long current = 0;
				try (InputStream in = command.getInputStream()) {
					Thread.sleep(3000);
					int read;
					int pieces = 0;
					while ((read = in.read(piece)) > 0) {
						for (int i = 0; i < read; i++) {
							byte b = piece[i];
							if (b == '\n') {
								assertThat(current).as("line %d in order", lines + 1).isEqualTo(last + 1);
								last = current;
								current = 0;
								lines++;
							}
							else {
								current = current * 10 + (b - '0');
							}
						}
						if (++pieces % 100 == 0) {
							Thread.sleep(200);
						}
					}
				}
				command.join(30, TimeUnit.SECONDS);
				assertThat(lines).isEqualTo(2_500_000);
				assertThat(command.getExitStatus()).isZero();
			}
		}
	}

	@Test
	void offersNoCbcNorSha1First() {
		List<String> ciphers = JdkTransportCrypto.ciphers().stream().map(f -> f.getName()).toList();
		assertThat(ciphers).startsWith("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")
			.contains("chacha20-poly1305@openssh.com")
			.noneMatch(name -> name.contains("cbc") || name.contains("arcfour") || name.contains("3des"));
		List<String> macs = JdkTransportCrypto.macs().stream().map(f -> f.getName()).toList();
		assertThat(macs.get(0)).isEqualTo("hmac-sha2-256-etm@openssh.com");
		assertThat(macs).noneMatch(name -> name.contains("md5") || name.contains("-96"));
		assertThat(macs.subList(macs.size() - 2, macs.size())).allMatch(name -> name.startsWith("hmac-sha1"));
	}

	@Test
	void computesAesAndHmacOnTheJdkProvider() {
		byte[] key = new byte[64];
		byte[] iv = new byte[64];
		new SecureRandom().nextBytes(key);
		for (var factory : JdkTransportCrypto.ciphers()) {
			Cipher cipher = factory.create();
			cipher.init(Cipher.Mode.Decrypt, key, iv);
			if (cipher instanceof JdkTransportCrypto.JdkGcmCipher gcm) {
				assertThat(gcm.provider()).isEqualTo("SunJCE");
			}
			else if (cipher instanceof JdkTransportCrypto.JdkCtrCipher ctr) {
				assertThat(ctr.provider()).isEqualTo("SunJCE");
			}
			else {
				assertThat(factory.getName()).isEqualTo("chacha20-poly1305@openssh.com");
			}
		}
		for (var factory : JdkTransportCrypto.macs()) {
			MAC mac = factory.create();
			mac.init(key);
			assertThat(((JdkTransportCrypto.JdkMac) mac).provider()).isEqualTo("SunJCE");
		}
	}

	private static SshdServer startWith(String... options) {
		StringBuilder script = new StringBuilder("exec \"$@\"");
		for (String option : options) {
			script.append(" '").append(option).append('\'');
		}
		return SshdServer.start(ADDRESS, SshdServer.KeyType.ED25519, List.of("sh", "-c", script.toString(), "sh"));
	}

	/**
	 * Runs a command printing about 3 MB over a client configured as {@link SshConnector} configures it (its socket
	 * without Nagle's algorithm).
	 */
	private static Transfer transfer(SshdServer sshd) throws IOException {
		AtomicReference<NegotiatedAlgorithms> negotiated = new AtomicReference<>();
		try (SSHClient client = new SSHClient(SshConnector.newConfig())) {
			SshConnector.prepare(client);
			client.addHostKeyVerifier(sshd.hostKeyFingerprint());
			client.getTransport().addAlgorithmsVerifier(algorithms -> {
				negotiated.set(algorithms);
				return true;
			});
			client.connect(sshd.host(), sshd.port());
			assertThat(client.getSocket().getTcpNoDelay()).as("no Nagle delay between sshj's packets").isTrue();
			client.authPublickey(sshd.username(), client.loadKeys(sshd.clientPrivateKeyPath().toString()));
			try (Session session = client.startSession()) {
				Session.Command command = session
					.exec("seq 1 400000 | sed 's/$/ the quick brown fox/'; echo; echo sha256 $(seq 1 400000 | "
							+ "sed 's/$/ the quick brown fox/' | sha256sum)");
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				try (InputStream in = command.getInputStream()) {
					in.transferTo(out);
				}
				command.join(30, TimeUnit.SECONDS);
				return new Transfer(negotiated.get(), out.toString(StandardCharsets.US_ASCII),
						command.getExitStatus());
			}
		}
	}

	private record Transfer(NegotiatedAlgorithms algorithms, String output, Integer exitStatus) {

		void assertIntact() {
			assertThat(exitStatus).isZero();
			int marker = output.lastIndexOf("\n\nsha256 ");
			assertThat(marker).isPositive();
			String body = output.substring(0, marker + 1);
			String expected = output.substring(marker + "\n\nsha256 ".length()).split(" ")[0];
			assertThat(sha256(body)).isEqualTo(expected);
			assertThat(body.lines().count()).isEqualTo(400_000);
		}

		private static String sha256(String text) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
