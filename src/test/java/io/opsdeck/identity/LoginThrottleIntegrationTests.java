package io.opsdeck.identity;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.identity.internal.TokenThrottle;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Login throttling and lock-out (docs/security.md "Login throttling and lock-out") with the default limits: 5
 * failures per user name, 50 per address, 50 different rejected tokens per address, 15 minutes. Each test comes from
 * its own loopback address (127.0.0.126-129; the shared context exempts 127.0.0.1 so other tests never lock each other
 * out). The counts live in {@code login_throttle}, which every node reads: the test checks the row, the cross-node
 * proof.
 */
@IntegrationTest
class LoginThrottleIntegrationTests {

	private static final String PASSWORD = "a-long-enough-password";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TokenThrottle tokenThrottle;

	@Test
	void fiveFailuresLockTheUserNameUntilAnAdminUnlocksIt() {
		String name = createUser();
		Attempts attempts = new Attempts("127.0.0.126");

		for (int i = 0; i < 4; i++) {
			assertThat(attempts.signIn(name, "wrong-password")).endsWith("/login?error");
		}
		assertThat(attempts.signIn(name, PASSWORD)).as("a success resets the count").doesNotContain("/login");
		for (int i = 0; i < 5; i++) {
			assertThat(attempts.signIn(name, "wrong-password")).endsWith("/login?error");
		}
		String locked = attempts.signIn(name, PASSWORD);
		assertThat(locked).as("locked: even the right password").endsWith("/login?locked=15");
		assertThat(attempts.page("/login?locked=15"))
			.contains("Too many failed sign-ins, try again in 15 minutes");
		assertThat(new Attempts("127.0.0.127").signIn(name, PASSWORD)).as("the name, from any address")
			.endsWith("/login?locked=15");
		assertThat(jdbc.queryForObject("select count(*) from login_throttle where subject = ? and locked_until > now()",
				Integer.class, "user:" + name)).as("shared by every node").isEqualTo(1);

		Response user = admin().get("/api/v1/users/" + name);
		assertThat(user.json().get("lockedUntil").isNull()).isFalse();
		assertThat(admin().post("/api/v1/users/" + name + "/unlock", "").status()).isEqualTo(204);
		assertThat(admin().get("/api/v1/users/" + name).json().get("lockedUntil").isNull()).isTrue();
		assertThat(attempts.signIn(name, PASSWORD)).doesNotContain("/login");
	}

	@Test
	void anUnknownUserNameLocksTheSameWaySoALockRevealsNothing() {
		String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
		Attempts attempts = new Attempts("127.0.0.126");

		for (int i = 0; i < 5; i++) {
			assertThat(attempts.signIn(nobody, "whatever-password")).endsWith("/login?error");
		}

		assertThat(attempts.signIn(nobody, "whatever-password")).endsWith("/login?locked=15");
	}

	@Test
	void fiftyFailuresFromOneAddressLockThatAddressOnly() {
		String name = createUser();
		Attempts attempts = new Attempts("127.0.0.127");

		String target = "target-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 50; i++) {
			// 5 real failures lock the name; the 45 attempts on the locked name still count against the address
			attempts.signIn(target, "guess-" + i);
		}

		assertThat(attempts.signIn(name, PASSWORD)).endsWith("/login?locked=15");
		assertThat(new Attempts("127.0.0.128").signIn(name, PASSWORD)).as("from another address").doesNotContain(
				"/login");
	}

	@Test
	void fiftyRejectedTokensFromOneAddressAre429sWithRetryAfter() {
		LoopbackClient from128 = new LoopbackClient("127.0.0.128", port);
		for (int i = 0; i < 50; i++) {
			LoopbackClient.Reply rejected = from128.get("/api/v1/me", "Authorization",
					"Bearer odk_not_a_real_token_" + i);
			assertThat(rejected.status()).isEqualTo(401);
		}

		LoopbackClient.Reply throttled = from128.get("/api/v1/me", "Authorization",
				"Bearer " + IntegrationTest.ADMIN_TOKEN);

		assertThat(throttled.status()).as("even a valid token, from that address").isEqualTo(429);
		assertThat(throttled.header("Content-Type")).startsWith("application/problem+json");
		assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(800L, 900L);
		assertThat(throttled.body()).contains("try again in 15 minutes");
		assertThat(admin().get("/api/v1/me").status()).as("other addresses").isEqualTo(200);

		// an ADMIN sees the lock and lifts it; the very next request from that address is served again
		Response locks = admin().get("/api/v1/address-locks");
		assertThat(locks.status()).isEqualTo(200);
		assertThat(locks.json().values().stream()
			.filter(lock -> lock.get("address").asString().equals("127.0.0.128"))
			.map(lock -> lock.get("kind").asString())
			.toList()).containsExactly("BEARER_TOKENS");
		assertThat(admin().delete("/api/v1/address-locks/127.0.0.128").status()).isEqualTo(204);
		assertThat(from128.get("/api/v1/me", "Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN).status())
			.as("lifted").isEqualTo(200);
		assertThat(jdbc.queryForObject("select count(*) from rejected_tokens where address = '127.0.0.128'",
				Integer.class)).as("its counts start again").isZero();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
				"select count(*) from audit_events where action = 'DELETE /api/v1/address-locks/{address}' "
						+ "and target = 'address=127.0.0.128' and actor = 'token:bootstrap' and status = 204",
				Integer.class)).as("in the audit log").isEqualTo(1));

		Response again = admin().delete("/api/v1/address-locks/127.0.0.128");
		assertThat(again.status()).as("not locked any more").isEqualTo(404);
		assertThat(again.header("Content-Type")).startsWith("application/problem+json");
		Response bad = admin().delete("/api/v1/address-locks/not-an-address");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("address");
	}

	/**
	 * Round 6's finding: one revoked token retried by a CI runner locked every bearer request from its (NAT)
	 * address for 15 minutes. Each distinct token counts once per window, so repeats of one bad token never lock the
	 * address, and guessing still does: here the stale token and 49 different guesses make the 50 that lock it.
	 */
	@Test
	void rejectedTokensOlderThanTheWindowArePurgedWhateverTheirAddress() {
		jdbc.update("insert into rejected_tokens (address, token_hash, counted_at) values "
				+ "('198.51.100.77', repeat('a', 64), now() - interval '16 minutes'), "
				+ "('198.51.100.78', repeat('b', 64), now() - interval '1 minute')");

		assertThat(tokenThrottle.purge()).isPositive();

		assertThat(jdbc.queryForList("select address from rejected_tokens where address like '198.51.100.7_'",
				String.class)).as("the stale row of an address that never came back goes; a fresh one stays")
			.containsExactly("198.51.100.78");
		jdbc.update("delete from rejected_tokens where address = '198.51.100.78'");
	}

	@Test
	void oneStaleTokenRetriedNeverLocksItsAddressButGuessingStillDoes() {
		Response created = admin().post("/api/v1/tokens", Map.of("name", "stale-ci-" + UUID.randomUUID()
			.toString().substring(0, 8), "role", "VIEWER"));
		assertThat(created.status()).isEqualTo(201);
		String stale = created.json().get("token").asString();
		assertThat(admin().delete("/api/v1/tokens/" + created.json().get("id").asString()).status()).isEqualTo(204);
		LoopbackClient runner = new LoopbackClient("127.0.0.129", port);

		for (int i = 0; i < 120; i++) {
			assertThat(runner.get("/api/v1/me", "Authorization", "Bearer " + stale).status()).as("retry " + i)
				.isEqualTo(401);
		}
		assertThat(runner.get("/api/v1/me", "Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN).status())
			.as("the other pipelines behind the address").isEqualTo(200);
		assertThat(jdbc.queryForObject("select failures from login_throttle where subject = ?", Integer.class,
				"token-address:127.0.0.129")).as("counted once").isEqualTo(1);

		for (int i = 0; i < 48; i++) {
			assertThat(runner.get("/api/v1/me", "Authorization", "Bearer odk_guess_" + i).status()).isEqualTo(401);
			runner.get("/api/v1/me", "Authorization", "Bearer " + stale);
		}
		assertThat(runner.get("/api/v1/me", "Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN).status())
			.as("49 different tokens").isEqualTo(200);
		assertThat(runner.get("/api/v1/me", "Authorization", "Bearer odk_guess_48").status()).isEqualTo(401);
		assertThat(runner.get("/api/v1/me", "Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN).status())
			.as("the 50th different token locks the address").isEqualTo(429);
		assertThat(jdbc.queryForObject("select count(*) from rejected_tokens where address = '127.0.0.129'",
				Integer.class)).as("one row per token, never the value").isEqualTo(50);
		assertThat(jdbc.queryForObject("select count(*) from rejected_tokens where token_hash like 'odk%'",
				Integer.class)).isZero();
		assertThat(admin().delete("/api/v1/address-locks/127.0.0.129").status()).isEqualTo(204);
	}

	private String createUser() {
		String name = "locky-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(admin().post("/api/v1/users", Map.of("username", name, "password", PASSWORD, "role", "VIEWER"))
			.status()).isEqualTo(201);
		return name;
	}

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

	/** Sign-in attempts from one loopback address, each in a fresh session. */
	private final class Attempts {

		private final LoopbackClient client;

		Attempts(String address) {
			this.client = new LoopbackClient(address, port);
		}

		/** @return where the sign-in sent the browser */
		String signIn(String username, String password) {
			LoopbackClient.Reply reply = client.signIn(username, password);
			assertThat(reply.status()).isEqualTo(302);
			return reply.header("Location");
		}

		String page(String path) {
			return client.get(path).body();
		}

	}

}
