package io.opsdeck.execution.internal.ssh;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opsdeck.execution.internal.ExecutionThreads;
import io.opsdeck.inventory.ServerTarget;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Authenticated SSH connections kept idle for a short time after an SSH run ended cleanly, so that the next run on
 * the same server skips TCP connect, key exchange and authentication (about 0.1 s on loopback; issue 8, scenario 1).
 * The idea and the default are OpenSSH's {@code ControlPersist}, which Ansible turns on with
 * {@code -o ControlMaster=auto -o ControlPersist=60s}.
 * <p>
 * Rules: a connection serves one run at a time (a run takes it out of the pool); it is reused only by a run whose
 * {@link Key} is equal, i.e. same server, address, port, login user, credential and client key (a rotated key never
 * meets an old session) and the same trusted host key fingerprint as the one verified when it was opened. A connection
 * idle for {@code opsdeck.ssh.connection-persist} (default 60 s, {@code 0} = never kept) is closed; at most
 * {@code opsdeck.ssh.connection-persist-max} (default 32; each sshj connection holds a reader and a keep-alive thread)
 * are kept, the oldest closed first. Idle connections of a server whose key no longer matches (server edited,
 * credential replaced, host key accepted) are closed at the next run to that server, or when they expire.
 * <p>
 * Metrics: {@code opsdeck_ssh_connections_total{source="new"|"reused"}} and {@code opsdeck_ssh_connections_idle}.
 */
@Component
public class SshConnections implements DisposableBean {

	private final Duration persist;

	private final int max;

	private final Executor closer;

	private final LongSupplier nanoClock;

	private final ArrayDeque<Idle> idle = new ArrayDeque<>();

	private final Counter reusedCounter;

	private final Counter newCounter;

	private final @Nullable ScheduledFuture<?> evictor;

	@Autowired
	SshConnections(@Value("${opsdeck.ssh.connection-persist:60s}") Duration persist,
			@Value("${opsdeck.ssh.connection-persist-max:32}") int max, ExecutionThreads threads, MeterRegistry meters) {
		this(persist, max, threads.io(), threads.timer(), System::nanoTime, meters);
	}

	/**
	 * @param closer runs disconnects off the caller's thread
	 * @param timer runs the evictor every {@link #evictionPeriod()}; {@code null}: no evictor (tests call
	 * {@link #evictExpired()})
	 * @param nanoClock monotonic time in nanoseconds
	 */
	SshConnections(Duration persist, int max, Executor closer, @Nullable ScheduledExecutorService timer,
			LongSupplier nanoClock, MeterRegistry meters) {
		this.persist = persist.isNegative() ? Duration.ZERO : persist;
		this.max = Math.max(0, max);
		this.closer = closer;
		this.nanoClock = nanoClock;
		this.reusedCounter = Counter.builder("opsdeck.ssh.connections")
			.description("SSH connections runs used, by source: opened for the run or reused idle")
			.tag("source", "reused")
			.register(meters);
		this.newCounter = Counter.builder("opsdeck.ssh.connections")
			.description("SSH connections runs used, by source: opened for the run or reused idle")
			.tag("source", "new")
			.register(meters);
		Gauge.builder("opsdeck.ssh.connections.idle", this, SshConnections::idleCount)
			.description("Authenticated SSH connections kept idle for a later run")
			.register(meters);
		long period = evictionPeriod().toMillis();
		this.evictor = (timer != null && enabled())
				? timer.scheduleWithFixedDelay(this::evictExpired, period, period, TimeUnit.MILLISECONDS) : null;
	}

	/** @return whether connections are kept at all */
	public boolean enabled() {
		return !this.persist.isZero() && this.max > 0;
	}

	/**
	 * Takes an idle connection for the key out of the pool: the caller owns it and either {@link #give gives} it back
	 * or closes it. Idle connections of the same server under another key are closed.
	 * @param key who we would talk to and as whom
	 * @return a connected, authenticated client, or {@code null} if none is idle
	 */
	public @Nullable SSHClient take(Key key) {
		if (!enabled() || key.hostKeyFingerprint() == null) {
			return null;
		}
		List<SSHClient> stale = new ArrayList<>();
		SSHClient found = null;
		long now = this.nanoClock.getAsLong();
		synchronized (this.idle) {
			Iterator<Idle> entries = this.idle.descendingIterator();
			while (entries.hasNext()) {
				Idle entry = entries.next();
				if (!entry.key().serverId().equals(key.serverId())) {
					continue;
				}
				if (found == null && entry.key().equals(key) && !expired(entry, now)
						&& entry.client().isConnected() && entry.client().isAuthenticated()) {
					found = entry.client();
				}
				else if (!entry.key().equals(key) || expired(entry, now) || !entry.client().isConnected()) {
					stale.add(entry.client());
				}
				else {
					continue;
				}
				entries.remove();
			}
		}
		closeLater(stale);
		return found;
	}

	/**
	 * Keeps a connection whose run ended cleanly (exit status received, channel closed, not stopped) for a later run
	 * with the same key, or closes it when keeping is off, it is no longer connected, or the pool is full (then the
	 * oldest idle one is closed instead).
	 * @param key the key the connection was verified and authenticated under
	 * @param client the connection; the pool owns it from now on
	 */
	public void give(Key key, SSHClient client) {
		if (!enabled() || key.hostKeyFingerprint() == null || !client.isConnected() || !client.isAuthenticated()) {
			closeLater(List.of(client));
			return;
		}
		List<SSHClient> evicted = new ArrayList<>();
		synchronized (this.idle) {
			this.idle.addLast(new Idle(key, client, this.nanoClock.getAsLong()));
			while (this.idle.size() > this.max) {
				evicted.add(this.idle.removeFirst().client());
			}
		}
		closeLater(evicted);
	}

	/** Counts a connection a run used: {@code reused} true when it came from {@link #take}. */
	public void count(boolean reused) {
		(reused ? this.reusedCounter : this.newCounter).increment();
	}

	/** Closes every idle connection that has been idle for the configured time or is no longer connected. */
	void evictExpired() {
		try {
			closeLater(expired());
		}
		catch (RuntimeException ex) {
			// a failed round must not end the schedule; the next one tries again
		}
	}

	private List<SSHClient> expired() {
		List<SSHClient> expired = new ArrayList<>();
		long now = this.nanoClock.getAsLong();
		synchronized (this.idle) {
			this.idle.removeIf(entry -> {
				boolean gone = expired(entry, now) || !entry.client().isConnected();
				if (gone) {
					expired.add(entry.client());
				}
				return gone;
			});
		}
		return expired;
	}

	int idleCount() {
		synchronized (this.idle) {
			return this.idle.size();
		}
	}

	/** @return how often the evictor runs: half the idle time, between 1 s and 10 s */
	Duration evictionPeriod() {
		long half = this.persist.toMillis() / 2;
		return Duration.ofMillis(Math.max(1000, Math.min(10_000, half)));
	}

	private boolean expired(Idle entry, long now) {
		return now - entry.since() >= this.persist.toNanos();
	}

	private void closeLater(List<SSHClient> clients) {
		if (clients.isEmpty()) {
			return;
		}
		// Off the run's thread: a disconnect writes to the socket and stops the connection's threads.
		this.closer.execute(() -> clients.forEach(IOUtils::closeQuietly));
	}

	@Override
	public void destroy() {
		if (this.evictor != null) {
			this.evictor.cancel(false);
		}
		List<SSHClient> all = new ArrayList<>();
		synchronized (this.idle) {
			this.idle.forEach(entry -> all.add(entry.client()));
			this.idle.clear();
		}
		all.forEach(IOUtils::closeQuietly);
	}

	/**
	 * Everything that decides whom a connection talks to and as whom.
	 *
	 * @param serverId server id
	 * @param host address connected to
	 * @param port SSH port
	 * @param username login user
	 * @param credentialId credential the key came from
	 * @param clientKeyFingerprint SHA-256 fingerprint of the client public key (changes when the key is replaced)
	 * @param hostKeyFingerprint the trusted host key fingerprint, {@code SHA256:<base64>}; {@code null} when the
	 * server has none yet (never pooled then)
	 */
	public record Key(UUID serverId, String host, int port, String username, UUID credentialId,
			String clientKeyFingerprint, @Nullable String hostKeyFingerprint) {

		/** @return the key a run on this server with this key pair looks up (host key as trusted now) */
		public static Key of(ServerTarget server, UUID credentialId, KeyPair keyPair) {
			return new Key(server.id(), server.host(), server.port(), server.username(), credentialId,
					SshKeys.fingerprint(keyPair.getPublic()), server.hostKeyFingerprint());
		}

		/** @return this key with the fingerprint verified when the connection was opened */
		public Key verified(String fingerprint) {
			return new Key(this.serverId, this.host, this.port, this.username, this.credentialId,
					this.clientKeyFingerprint, fingerprint);
		}

	}

	private record Idle(Key key, SSHClient client, long since) {
	}

}
