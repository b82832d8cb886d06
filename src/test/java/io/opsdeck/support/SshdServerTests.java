package io.opsdeck.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves {@link SshdServer} starts a real sshd that the real OpenSSH client can log in to with the generated key
 * while verifying the generated host key, and that closing it really stops it.
 */
class SshdServerTests {

	@TempDir
	Path temp;

	@ParameterizedTest
	@EnumSource(SshdServer.KeyType.class)
	void realSshClientLogsInWithTheClientKeyAndVerifiesTheHostKey(SshdServer.KeyType keyType) throws Exception {
		try (SshdServer sshd = SshdServer.start("127.0.0.2", keyType)) {
			Path knownHosts = Files.writeString(this.temp.resolve("known_hosts"), sshd.knownHostsLine() + "\n");

			Result result = ssh(sshd, knownHosts, "echo ok");

			assertThat(result.exitCode()).as("ssh output: %s%nsshd log:%n%s", result.output(), sshd.log()).isZero();
			assertThat(result.output()).isEqualTo("ok\n");
			assertThat(sshd.clientPrivateKey()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
			assertThat(sshd.log()).contains("Accepted publickey for " + sshd.username());
		}
	}

	@Test
	void sshRefusesTheServerWhenTheKnownHostKeyDiffers() throws Exception {
		try (SshdServer sshd = SshdServer.start("127.0.0.2"); SshdServer other = SshdServer.start("127.0.0.3")) {
			Path knownHosts = Files.writeString(this.temp.resolve("known_hosts"),
					"[" + sshd.host() + "]:" + sshd.port() + " " + other.hostPublicKey() + "\n");

			Result result = ssh(sshd, knownHosts, "echo ok");

			assertThat(result.exitCode()).isEqualTo(255);
			assertThat(result.output()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
				.contains(sshd.hostKeyFingerprint());
		}
	}

	@Test
	void fingerprintIsTheSha256OfTheHostPublicKey() throws Exception {
		try (SshdServer sshd = SshdServer.start("127.0.0.2")) {
			byte[] blob = Base64.getDecoder().decode(sshd.hostPublicKey().split(" ")[1]);

			assertThat(sshd.hostPublicKey()).startsWith("ssh-ed25519 AAAA");
			assertThat(sshd.hostKeyFingerprint()).isEqualTo("SHA256:" + sha256(blob));
		}
	}

	/**
	 * Its own loopback address (127.0.0.170, used by no other test): on a shared address another test's sshd, in
	 * the other Surefire JVM, may bind the freed port at once and make the connect below succeed.
	 */
	@Test
	void closeStopsSshdAndDeletesItsFiles() {
		SshdServer sshd = SshdServer.start("127.0.0.170");
		Path key = sshd.clientPrivateKeyPath();
		assertThat(key).exists();
		assertThat(ProcessHandle.of(sshd.pid())).hasValueSatisfying(handle -> assertThat(handle.isAlive()).isTrue());

		sshd.close();

		assertThat(ProcessHandle.of(sshd.pid()).filter(ProcessHandle::isAlive)).as("sshd process after close")
			.isEmpty();
		assertThat(key.getParent()).doesNotExist();
		assertThatThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(sshd.host(), sshd.port()), 1000);
			}
		}).isInstanceOf(IOException.class);
	}

	private static Result ssh(SshdServer sshd, Path knownHosts, String command) throws Exception {
		List<String> arguments = List.of("ssh", "-F", "/dev/null", "-i", sshd.clientPrivateKeyPath().toString(), "-o",
				"IdentitiesOnly=yes", "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
				"-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-p",
				String.valueOf(sshd.port()), sshd.username() + "@" + sshd.host(), command);
		Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ssh finished").isTrue();
		return new Result(process.exitValue(), output);
	}

	private static String sha256(byte[] blob) throws NoSuchAlgorithmException {
		return Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
	}

	private record Result(int exitCode, String output) {
	}

}
