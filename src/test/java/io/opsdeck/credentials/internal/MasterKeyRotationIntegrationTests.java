package io.opsdeck.credentials.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.credentials.CredentialLease;
import io.opsdeck.credentials.SecretSealer;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Master-key rotation on the real database with a value of every kind: an SSH key and its passphrase, a secret
 * credential, a run's sealed secret extra vars (also one in the format before key ids were embedded), a webhook
 * channel's HMAC secret and an environment's object-storage secret key. Rotates to a new key while the application
 * serves, checks what a restart would find (only the new key: starts and opens everything; only the old key:
 * refuses, naming the key id), and rotates back so the shared application keeps its own key.
 */
@IntegrationTest
class MasterKeyRotationIntegrationTests {

	@Autowired
	SecretCipher appCipher;

	@Autowired
	EncryptedValues values;

	@Autowired
	CredentialService credentials;

	@Autowired
	SecretSealer sealer;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@TempDir
	Path directory;

	@Test
	void rotatesEveryKindOfValueOnlineAndARestartNeedsOnlyTheNewKey() throws Exception {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String passphrase = "pass-" + suffix + "-phrase";
		SshKeygen.Key key = SshKeygen.generate(this.directory, "key", "ed25519", 0, null, passphrase);
		UUID keyId = this.credentials.create(new NewCredential("rot-key-" + suffix, key.text(), passphrase), "user:test").id();
		String secretValue = "db-password-" + suffix;
		UUID secretId = this.credentials.createSecret(new NewSecret("rot-secret-" + suffix, secretValue), "user:test").id();
		String environment = "rot-" + suffix;
		assertThat(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1"))
			.status()).isEqualTo(201);
		String hmac = "hmac-" + suffix + "-secret";
		ApiClient.Response channel = api.post("/api/v1/notification-channels",
				Map.of("name", "rot-" + suffix, "type", "WEBHOOK", "format", "GENERIC", "url",
						"http://127.0.0.147:9/hook", "secret", hmac, "eventTypes", List.of("RUN_FAILED"), "environments",
						List.of(environment)));
		assertThat(channel.status()).as(channel.body()).isEqualTo(201);
		UUID channelId = UUID.fromString(channel.json().path("id").asString());
		String s3Secret = "s3-" + suffix + "-secretaccesskey";
		Map<String, Object> storage = new LinkedHashMap<>();
		storage.put("provider", "s3-compatible");
		storage.put("endpoint", "http://127.0.0.147:9");
		storage.put("region", "us-east-1");
		storage.put("bucket", "rotation");
		storage.put("prefix", "/" + environment + "/");
		storage.put("pathStyle", true);
		storage.put("accessKeyId", "AKIAROTATION");
		storage.put("secretAccessKey", s3Secret);
		ApiClient.Response saved = api.put("/api/v1/environments/" + environment + "/backup-storage", storage);
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		UUID environmentId = this.jdbc.queryForObject("select id from environments where name = ?", UUID.class,
				environment);
		UUID runId = UUID.randomUUID();
		UUID legacyRunId = UUID.randomUUID();
		String runSecrets = "{\"token\":\"run-" + suffix + "\"}";
		insertRun(runId, this.sealer.seal(runSecrets.getBytes(StandardCharsets.UTF_8), "run:" + runId));
		insertRun(legacyRunId, versionOne(this.appCipher.keyring().current(), runSecrets, "run:" + legacyRunId));

		MasterKey old = this.appCipher.keyring().current();
		byte[] raw = new byte[32];
		new SecureRandom().nextBytes(raw);
		MasterKey fresh = MasterKey.of(raw);
		String oldBase64 = Base64.getEncoder().encodeToString(old.secretKey().getEncoded());
		String freshBase64 = Base64.getEncoder().encodeToString(raw);
		assertThat(this.values.countByKeyId().get("runs.secret_parameters")).containsKey(MasterKeyLoader.UNKNOWN_KEY_ID);

		SecretCipher rotated = new SecretCipher(MasterKeyring.of(fresh, List.of(old)));
		MasterKeyRotation.Status status = new MasterKeyRotation(rotated, this.values, this.transactions, false)
			.rotateNow();
		try {
			assertThat(status.state()).as(status.toString()).isEqualTo(MasterKeyRotation.State.DONE);
			assertThat(status.reencrypted()).isGreaterThanOrEqualTo(6);
			this.values.countByKeyId()
				.forEach((place, counts) -> assertThat(counts.keySet()).as(place).isSubsetOf(fresh.id()));
			assertThat(this.values.countByKeyId().get("credentials")).containsKey(fresh.id());
			assertThat(this.values.countByKeyId().get("runs.secret_parameters")).containsEntry(fresh.id(), 2L);
			JsonNode progress = api.get("/api/v1/master-key").json();
			assertThat(progress.path("rows").path(fresh.id()).asLong()).isPositive();
			assertThat(progress.path("rows").has(old.id())).isFalse();

			// a restart with only the new key: the start-up check passes and every value opens
			MasterKeyring onlyNew = new MasterKeyLoader(this.directory, freshBase64, null, this.values::storedKeyIds)
				.load();
			SecretCipher restarted = new SecretCipher(onlyNew);
			assertThat(open(restarted, "secret", keyId)).isEqualTo(key.text().getBytes(StandardCharsets.UTF_8));
			assertThat(new String(open(restarted, "passphrase_secret", keyId), StandardCharsets.UTF_8)).isEqualTo(passphrase);
			assertThat(new String(open(restarted, "secret", secretId), StandardCharsets.UTF_8)).isEqualTo(secretValue);
			assertThat(openSealed(restarted, "select secret from notification_channels where id = ?", channelId,
					"notification-channel:" + channelId)).isEqualTo(hmac);
			assertThat(openSealed(restarted,
					"select secret_access_key_sealed from backup_storage where environment_id = ?", environmentId,
					"backup-storage:" + environmentId)).isEqualTo(s3Secret);
			assertThat(openSealed(restarted, "select secret_parameters from runs where id = ?", runId, "run:" + runId))
				.isEqualTo(runSecrets);
			assertThat(openSealed(restarted, "select secret_parameters from runs where id = ?", legacyRunId,
					"run:" + legacyRunId)).isEqualTo(runSecrets);

			// a restart with only the old key refuses, naming the key id and never a key
			assertThatIllegalStateException()
				.isThrownBy(() -> new MasterKeyLoader(this.directory, oldBase64, null, this.values::storedKeyIds).load())
				.withMessageContaining("Wrong master key")
				.withMessageContaining(fresh.id())
				.withMessageNotContaining(oldBase64)
				.withMessageNotContaining(freshBase64);
			// and with no key at all it refuses rather than generate one
			assertThatIllegalStateException()
				.isThrownBy(() -> new MasterKeyLoader(this.directory.resolve("empty"), null, null,
						this.values::storedKeyIds)
					.load())
				.withMessageContaining("No master key");
		}
		finally {
			MasterKeyRotation.Status back = new MasterKeyRotation(
					new SecretCipher(MasterKeyring.of(old, List.of(fresh))), this.values, this.transactions, false)
				.rotateNow();
			assertThat(back.state()).as(back.toString()).isEqualTo(MasterKeyRotation.State.DONE);
			this.jdbc.update("delete from runs where id in (?, ?)", runId, legacyRunId);
		}
		this.values.countByKeyId()
			.forEach((place, counts) -> assertThat(counts.keySet()).as(place).isSubsetOf(old.id()));
		try (CredentialLease lease = this.credentials.lease(keyId)) {
			assertThat(lease.secrets()).contains(passphrase);
		}
		assertThat(this.credentials.revealSecret(secretId)).isEqualTo(secretValue);
	}

	@Test
	void adminsStartARotationThroughTheApiAndFollowItsProgress() {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		ApiClient.Response started = api.post("/api/v1/master-key/rotate", Map.of());
		assertThat(started.status()).as(started.body()).isIn(202, 409);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api.get("/api/v1/master-key").json().path("rotation").path("state").asString(),
					state -> state.equals("DONE"));
		JsonNode progress = api.get("/api/v1/master-key").json();
		String current = progress.path("currentKeyId").asString();
		assertThat(current).matches("[0-9a-f]{8}");
		progress.path("rows").properties().forEach(entry -> assertThat(entry.getKey()).isEqualTo(current));
		assertThat(progress.toString()).doesNotContain(Base64.getEncoder()
			.encodeToString(this.appCipher.keyring().current().secretKey().getEncoded()));

		String viewer = api.post("/api/v1/tokens", Map.of("name", "mk-viewer-" + UUID.randomUUID().toString()
			.substring(0, 6), "role", "VIEWER")).json().path("token").asString();
		assertThat(api.withToken(viewer).get("/api/v1/master-key").status()).isEqualTo(403);
		assertThat(api.withToken(viewer).post("/api/v1/master-key/rotate", Map.of()).status()).isEqualTo(403);
	}

	private void insertRun(UUID id, byte[] sealed) {
		this.jdbc.update("""
				insert into runs (id, kind, status, command, parameters, secret_parameters, triggered_by, created_at,
				                  finished_at, timeout_seconds)
				values (?, 'SSH', 'CANCELLED', 'true', '{}', ?, 'user:test', ?, ?, 60)""", id, sealed,
				java.sql.Timestamp.from(Instant.now()), java.sql.Timestamp.from(Instant.now()));
	}

	private byte[] open(SecretCipher cipher, String column, UUID credentialId) {
		byte[] stored = this.jdbc.queryForObject("select " + column + " from credentials where id = ?", byte[].class,
				credentialId);
		return cipher.decrypt(stored, credentialId);
	}

	private String openSealed(SecretCipher cipher, String sql, UUID id, String context) {
		byte[] stored = this.jdbc.queryForObject(sql, byte[].class, id);
		return new String(cipher.decrypt(stored, MasterKeySealer.associatedData(context)), StandardCharsets.UTF_8);
	}

	/** A sealed value as Opsdeck wrote it before key ids were embedded: version 1, no key id. */
	private static byte[] versionOne(MasterKey key, String text, String context) throws Exception {
		javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
		byte[] nonce = new byte[12];
		new SecureRandom().nextBytes(nonce);
		gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, key.secretKey(), new javax.crypto.spec.GCMParameterSpec(128, nonce));
		gcm.updateAAD(MasterKeySealer.associatedData(context));
		byte[] sealed = gcm.doFinal(text.getBytes(StandardCharsets.UTF_8));
		return java.nio.ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
	}

}
