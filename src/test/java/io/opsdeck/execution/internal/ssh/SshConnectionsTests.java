package io.opsdeck.execution.internal.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opsdeck.support.SshdServer;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The idle connection pool's rules on real sshj connections to a real sshd: setting 0 keeps nothing, a key must be
 * equal, an idle connection expires, the cap closes the oldest, a dead one is never handed out, shutdown closes all.
 */
class SshConnectionsTests {

	private static final String ADDRESS = "127.0.0.175";

	private static SshdServer sshd;

	private final AtomicLong now = new AtomicLong();

	private final List<SSHClient> opened = new ArrayList<>();

	@BeforeAll
	static void startSshd() {
		sshd = SshdServer.start(ADDRESS);
	}

	@AfterAll
	static void stopSshd() {
		sshd.close();
	}

	@AfterEach
	void closeClients() throws Exception {
		for (SSHClient client : opened) {
			client.close();
		}
	}

	@Test
	void settingZeroKeepsNothing() throws Exception {
		SshConnections connections = pool(Duration.ZERO, 32);
		SshConnections.Key key = key(UUID.randomUUID(), "SHA256:a");
		SSHClient client = connect();
		connections.give(key, client);
		assertThat(connections.idleCount()).isZero();
		assertThat(client.isConnected()).as("closed at once").isFalse();
		assertThat(connections.take(key)).isNull();
	}

	@Test
	void onlyAnEqualKeyTakesAConnectionAndOnlyOnce() throws Exception {
		SshConnections connections = pool(Duration.ofSeconds(60), 32);
		UUID server = UUID.randomUUID();
		SshConnections.Key key = key(server, "SHA256:a");
		SSHClient client = connect();
		connections.give(key, client);
		assertThat(connections.take(key(UUID.randomUUID(), "SHA256:a"))).as("another server").isNull();
		assertThat(connections.take(key.verified(null))).as("no trusted host key").isNull();
		assertThat(connections.take(key)).isSameAs(client);
		assertThat(connections.take(key)).as("one run per connection").isNull();
		connections.give(key, client);
		assertThat(connections.take(key(server, "SHA256:rotated"))).as("the host key changed").isNull();
		assertThat(client.isConnected()).as("the stale connection is closed").isFalse();
		assertThat(connections.idleCount()).isZero();
	}

	@Test
	void anIdleConnectionExpiresAfterTheSetting() throws Exception {
		SshConnections connections = pool(Duration.ofSeconds(30), 32);
		SshConnections.Key key = key(UUID.randomUUID(), "SHA256:a");
		SSHClient client = connect();
		connections.give(key, client);
		now.addAndGet(Duration.ofSeconds(29).toNanos());
		connections.evictExpired();
		assertThat(connections.idleCount()).isOne();
		now.addAndGet(Duration.ofSeconds(1).toNanos());
		connections.evictExpired();
		assertThat(connections.idleCount()).isZero();
		assertThat(client.isConnected()).isFalse();
		assertThat(connections.evictionPeriod()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void aFullPoolClosesTheOldest() throws Exception {
		SshConnections connections = pool(Duration.ofSeconds(60), 2);
		SSHClient oldest = connect();
		connections.give(key(UUID.randomUUID(), "SHA256:a"), oldest);
		connections.give(key(UUID.randomUUID(), "SHA256:a"), connect());
		connections.give(key(UUID.randomUUID(), "SHA256:a"), connect());
		assertThat(connections.idleCount()).isEqualTo(2);
		assertThat(oldest.isConnected()).isFalse();
	}

	@Test
	void aConnectionThatDiedWhileIdleIsNotHandedOut() throws Exception {
		SshConnections connections = pool(Duration.ofSeconds(60), 32);
		SshConnections.Key key = key(UUID.randomUUID(), "SHA256:a");
		SSHClient client = connect();
		connections.give(key, client);
		assertThat(sshd.dropConnections()).isPositive();
		await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
		assertThat(connections.take(key)).isNull();
	}

	@Test
	void shutdownClosesEveryIdleConnection() throws Exception {
		SshConnections connections = pool(Duration.ofSeconds(60), 32);
		SSHClient client = connect();
		connections.give(key(UUID.randomUUID(), "SHA256:a"), client);
		connections.destroy();
		assertThat(client.isConnected()).isFalse();
		assertThat(connections.idleCount()).isZero();
	}

	private SshConnections pool(Duration persist, int max) {
		// closes on the calling thread, so a test sees the result at once
		return new SshConnections(persist, max, Runnable::run, null, now::get, new SimpleMeterRegistry());
	}

	private static SshConnections.Key key(UUID server, String hostKeyFingerprint) {
		return new SshConnections.Key(server, ADDRESS, sshd.port(), sshd.username(), new UUID(0, 1), "SHA256:client",
				hostKeyFingerprint);
	}

	private SSHClient connect() throws Exception {
		SSHClient client = new SSHClient(SshConnector.newConfig());
		opened.add(client);
		SshConnector.prepare(client);
		client.addHostKeyVerifier(sshd.hostKeyFingerprint());
		client.connect(sshd.host(), sshd.port());
		client.authPublickey(sshd.username(), client.loadKeys(sshd.clientPrivateKeyPath().toString()));
		return client;
	}

}
