package io.opsdeck.inventory.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.opsdeck.credentials.Credentials;
import io.opsdeck.credentials.internal.CredentialService;
import io.opsdeck.credentials.internal.NewCredential;
import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.HostKeyPolicy;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link Inventory} API the run engine uses, and the host key rules, on the real database. */
@IntegrationTest
class InventoryIntegrationTests {

	@Autowired
	Inventory inventory;

	@Autowired
	EnvironmentService environments;

	@Autowired
	ServerService servers;

	@Autowired
	ServerRepository serverRepository;

	@Autowired
	CredentialService credentialService;

	@Autowired
	Credentials credentials;

	@TempDir
	Path directory;

	String environment;

	UUID credentialId;

	SshKeygen.Key hostKeyA;

	SshKeygen.Key hostKeyB;

	@BeforeEach
	void setUp() {
		this.environment = "inv-" + UUID.randomUUID().toString().substring(0, 8);
		this.environments.create(new EnvironmentSpec(this.environment, "production", "digitalocean", "fra1", null));
		SshKeygen.Key login = SshKeygen.generate(this.directory, "login", "ed25519", 0, null, "");
		this.credentialId = this.credentialService.create(new NewCredential("k-" + this.environment, login.text(), null),
				"test").id();
		this.hostKeyA = SshKeygen.generate(this.directory, "host-a", "ed25519", 0, null, "");
		this.hostKeyB = SshKeygen.generate(this.directory, "host-b", "ecdsa", 256, null, "");
	}

	@Test
	void serversOfAnEnvironmentAreOrderedByNameWithEverythingARunNeeds() {
		UUID b = server("b-" + this.environment, HostKeyPolicy.STRICT, null, List.of("web", "db"));
		UUID a = server("a-" + this.environment, HostKeyPolicy.TRUST_ON_FIRST_USE, null, List.of());

		List<ServerTarget> targets = this.inventory.serversOf(this.environment);

		assertThat(targets).extracting(ServerTarget::id).containsExactly(a, b);
		ServerTarget web = targets.get(1);
		assertThat(web.host()).isEqualTo("10.1.2.3");
		assertThat(web.port()).isEqualTo(22);
		assertThat(web.username()).isEqualTo("deploy");
		assertThat(web.connection()).isEqualTo(Connection.SSH);
		assertThat(web.credentialId()).isEqualTo(this.credentialId);
		assertThat(web.environment()).isEqualTo(this.environment);
		assertThat(web.roles()).containsExactly("web", "db");
		assertThat(web.isLocal()).isFalse();
		assertThat(this.inventory.findEnvironment(this.environment)).hasValueSatisfying(e -> {
			assertThat(e.kind()).isEqualTo("production");
			assertThat(e.cloudProvider()).isEqualTo("digitalocean");
			assertThat(e.region()).isEqualTo("fra1");
		});
		assertThat(this.inventory.findEnvironment("no-such-environment")).isEmpty();
		assertThatThrownBy(() -> this.inventory.serversOf("no-such-environment")).isInstanceOf(NotFoundException.class);
	}

	@Test
	void everythingIsListedForThePagesOfOtherModules() {
		UUID b = server("b-" + this.environment, HostKeyPolicy.STRICT, null, List.of());
		UUID a = server("a-" + this.environment, HostKeyPolicy.STRICT, null, List.of());

		List<String> environmentNames = this.inventory.environments().stream().map(e -> e.name()).toList();
		List<ServerTarget> all = this.inventory.allServers();

		assertThat(environmentNames).contains("demo", this.environment).isSorted();
		assertThat(all).extracting(ServerTarget::environment).isSorted();
		assertThat(all).extracting(ServerTarget::id).containsSubsequence(a, b);
		assertThat(all).extracting(ServerTarget::name).contains("localhost");
	}

	@Test
	void serversByIdComeInTheOrderGiven() {
		UUID a = server("a-" + this.environment, HostKeyPolicy.STRICT, null, List.of());
		UUID b = server("b-" + this.environment, HostKeyPolicy.STRICT, null, List.of());
		UUID missing = UUID.randomUUID();

		assertThat(this.inventory.servers(List.of(b, a, b))).extracting(ServerTarget::id).containsExactly(b, a);
		assertThatThrownBy(() -> this.inventory.servers(List.of(a, missing))).isInstanceOf(NotFoundException.class)
			.hasMessageContaining(missing.toString());
	}

	@Test
	void trustOnFirstUseRecordsTheFirstKeyOnlyAndThenBehavesAsStrict() {
		UUID id = server("tofu-" + this.environment, HostKeyPolicy.TRUST_ON_FIRST_USE, null, List.of());

		assertThat(trust(id, this.hostKeyA)).isTrue();
		long version = version(id);
		assertThat(trust(id, this.hostKeyA)).as("the same key again").isTrue();
		assertThat(version(id)).as("repeated runs do not bump the version").isEqualTo(version);
		assertThat(trust(id, this.hostKeyB)).as("a different key later").isFalse();

		ServerTarget target = this.inventory.servers(List.of(id)).get(0);
		assertThat(target.hostKeyFingerprint()).isEqualTo(this.hostKeyA.fingerprint());
		assertThat(target.hostKey()).isEqualTo(this.hostKeyA.publicKey());
	}

	@Test
	void strictWithoutFingerprintTrustsNothing() {
		UUID id = server("strict-" + this.environment, HostKeyPolicy.STRICT, null, List.of());

		assertThat(trust(id, this.hostKeyA)).isFalse();

		ServerTarget target = this.inventory.servers(List.of(id)).get(0);
		assertThat(target.hostKeyFingerprint()).isNull();
		assertThat(target.hostKey()).isNull();
	}

	@Test
	void strictWithAHandEnteredFingerprintRecordsTheMatchingKeyOnly() {
		UUID id = server("manual-" + this.environment, HostKeyPolicy.STRICT, this.hostKeyA.fingerprint(), List.of());

		assertThat(trust(id, this.hostKeyB)).isFalse();
		assertThat(this.inventory.servers(List.of(id)).get(0).hostKey()).isNull();
		assertThat(trust(id, this.hostKeyA)).isTrue();
		assertThat(this.inventory.servers(List.of(id)).get(0).hostKey()).isEqualTo(this.hostKeyA.publicKey());
	}

	@Test
	void trustHostKeyChecksItsArguments() {
		UUID id = server("args-" + this.environment, HostKeyPolicy.TRUST_ON_FIRST_USE, null, List.of());

		assertThatThrownBy(() -> this.inventory.trustHostKey(id, this.hostKeyB.fingerprint(), this.hostKeyA.publicKey()))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.inventory.trustHostKey(id, "SHA256:nope", this.hostKeyA.publicKey()))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.inventory.trustHostKey(UUID.randomUUID(), this.hostKeyA.fingerprint(),
				this.hostKeyA.publicKey()))
			.isInstanceOf(NotFoundException.class);
		assertThat(this.inventory.trustHostKey(id, this.hostKeyA.fingerprint(), this.hostKeyA.publicKey() + " root@web"))
			.as("a trailing comment is dropped")
			.isTrue();
		assertThat(this.inventory.servers(List.of(id)).get(0).hostKey()).isEqualTo(this.hostKeyA.publicKey());
	}

	@Test
	void concurrentFirstConnectionsTrustExactlyOneKey() throws Exception {
		for (int round = 0; round < 5; round++) {
			UUID id = server("race" + round + "-" + this.environment, HostKeyPolicy.TRUST_ON_FIRST_USE, null, List.of());
			CountDownLatch start = new CountDownLatch(1);
			List<Callable<Boolean>> racers = new ArrayList<>();
			for (SshKeygen.Key key : List.of(this.hostKeyA, this.hostKeyB, this.hostKeyA, this.hostKeyB)) {
				racers.add(() -> {
					start.await();
					return trust(id, key);
				});
			}
			ExecutorService pool = Executors.newFixedThreadPool(racers.size());
			try {
				List<Future<Boolean>> results = racers.stream().map(pool::submit).toList();
				start.countDown();
				List<Boolean> outcomes = new ArrayList<>();
				for (Future<Boolean> result : results) {
					outcomes.add(result.get());
				}
				String winner = this.inventory.servers(List.of(id)).get(0).hostKeyFingerprint();
				assertThat(winner).isIn(this.hostKeyA.fingerprint(), this.hostKeyB.fingerprint());
				String winnerKey = winner.equals(this.hostKeyA.fingerprint()) ? "A" : "B";
				List<String> keys = List.of("A", "B", "A", "B");
				for (int i = 0; i < keys.size(); i++) {
					assertThat(outcomes.get(i)).as("racer %d with key %s", i, keys.get(i))
						.isEqualTo(keys.get(i).equals(winnerKey));
				}
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	@Test
	void changingHostKeepsTheTrustedKeyButChangingTheFingerprintDropsIt() {
		UUID id = server("move-" + this.environment, HostKeyPolicy.TRUST_ON_FIRST_USE, null, List.of());
		trust(id, this.hostKeyA);

		this.servers.update(id, spec("move-" + this.environment, "10.9.9.9", 2200, HostKeyPolicy.TRUST_ON_FIRST_USE,
				this.hostKeyA.fingerprint(), List.of()), ExpectedVersion.any());
		ServerTarget moved = this.inventory.servers(List.of(id)).get(0);
		this.servers.update(id, spec("move-" + this.environment, "10.9.9.9", 2200, HostKeyPolicy.TRUST_ON_FIRST_USE,
				this.hostKeyB.fingerprint(), List.of()), ExpectedVersion.any());
		ServerTarget rekeyed = this.inventory.servers(List.of(id)).get(0);
		this.servers.update(id,
				spec("move-" + this.environment, "10.9.9.9", 2200, HostKeyPolicy.TRUST_ON_FIRST_USE, null, List.of()),
				ExpectedVersion.any());
		ServerTarget forgotten = this.inventory.servers(List.of(id)).get(0);

		assertThat(moved.host()).isEqualTo("10.9.9.9");
		assertThat(moved.port()).isEqualTo(2200);
		assertThat(moved.hostKey()).isEqualTo(this.hostKeyA.publicKey());
		assertThat(rekeyed.hostKeyFingerprint()).isEqualTo(this.hostKeyB.fingerprint());
		assertThat(rekeyed.hostKey()).isNull();
		assertThat(forgotten.hostKeyFingerprint()).isNull();
		assertThat(trust(id, this.hostKeyB)).as("a forgotten key is learned again on first use").isTrue();
	}

	@Test
	void aStaleEditLosesAgainstARecordedHostKey() {
		UUID id = server("stale-" + this.environment, HostKeyPolicy.TRUST_ON_FIRST_USE, null, List.of());
		ServerEntity loaded = this.serverRepository.findById(id).orElseThrow();
		trust(id, this.hostKeyA);
		loaded.apply(spec("stale-" + this.environment, "10.1.2.3", 22, HostKeyPolicy.STRICT, null, List.of()),
				this.environments.require(this.environment), java.time.Instant.now());

		assertThatThrownBy(() -> this.serverRepository.saveAndFlush(loaded))
			.isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class);
		assertThat(this.inventory.servers(List.of(id)).get(0).hostKey()).isEqualTo(this.hostKeyA.publicKey());
	}

	@Test
	void localConnectionCanBeSwitchedOff() {
		ServerService switchedOff = new ServerService(this.serverRepository, this.environments, this.credentials,
				new LocalConnectionProperties(false));
		ServerSpec local = new ServerSpec("off-" + this.environment, "127.0.0.1", 22, "root", this.environment, null,
				Connection.LOCAL, HostKeyPolicy.STRICT, null, List.of());

		assertThatThrownBy(() -> switchedOff.create(local)).isInstanceOf(InvalidInputException.class)
			.hasFieldOrPropertyWithValue("field", "connection")
			.hasMessageContaining("opsdeck.local-connection.enabled");
		assertThat(this.servers.create(local).connection()).isEqualTo(Connection.LOCAL);
	}

	@Test
	void namesAreUnique() {
		server("dup-" + this.environment, HostKeyPolicy.STRICT, null, List.of());

		assertThatThrownBy(() -> server("dup-" + this.environment, HostKeyPolicy.STRICT, null, List.of()))
			.isInstanceOf(ConflictException.class)
			.hasMessageContaining("already exists");
	}

	private boolean trust(UUID id, SshKeygen.Key key) {
		return this.inventory.trustHostKey(id, key.fingerprint(), key.publicKey());
	}

	private long version(UUID id) {
		return this.serverRepository.findById(id).map(s -> {
			try {
				var field = ServerEntity.class.getDeclaredField("version");
				field.setAccessible(true);
				return (Long) field.get(s);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}).orElseThrow();
	}

	private UUID server(String name, HostKeyPolicy policy, String fingerprint, List<String> roles) {
		return this.servers.create(spec(name, "10.1.2.3", 22, policy, fingerprint, roles)).id();
	}

	private ServerSpec spec(String name, String host, int port, HostKeyPolicy policy, String fingerprint,
			List<String> roles) {
		return new ServerSpec(name, host, port, "deploy", this.environment, this.credentialId, Connection.SSH, policy,
				fingerprint, roles);
	}

}
