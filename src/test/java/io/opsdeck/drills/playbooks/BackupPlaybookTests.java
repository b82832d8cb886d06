package io.opsdeck.drills.playbooks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opsdeck.support.AnsiblePlaybook;
import io.opsdeck.support.BlobServer;
import io.opsdeck.support.DrillFixtures;
import io.opsdeck.support.PostgresServer;
import io.opsdeck.support.SshdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code ansible/playbooks/backup.yml} ("Back up now") with the real ansible-playbook over real SSH against a
 * real PostgreSQL 15 database, uploading to presigned-URL stand-ins ({@link BlobServer}), and checks the three
 * objects against the database and media directory they were made from.
 */
class BackupPlaybookTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static SshdServer sshd;

	private static PostgresServer pg;

	private static BlobServer blobs;

	@TempDir
	Path temp;

	@BeforeAll
	static void startServers() {
		assumeTrue(SshdServer.isAvailable() && PostgresServer.isAvailable() && AnsiblePlaybook.isAvailable(),
				"needs sshd, PostgreSQL 15 (run as root) and ansible-playbook");
		sshd = SshdServer.start("127.0.0.2");
		pg = PostgresServer.start("127.0.0.3");
		blobs = BlobServer.start();
		DrillFixtures.createProduction(pg, "production");
	}

	@AfterAll
	static void stopServers() {
		if (blobs != null) {
			blobs.close();
		}
		if (pg != null) {
			pg.close();
		}
		if (sshd != null) {
			sshd.close();
		}
	}

	@Test
	void backupUploadsDumpMediaAndAManifestThatMatchesThem() throws Exception {
		Path media = this.temp.resolve("media");
		DrillFixtures.createMedia(media);
		URI db = blobs.uploadUrl("db.dump");
		URI archive = blobs.uploadUrl("media.tar.gz");
		URI manifestUrl = blobs.uploadUrl("manifest.json");

		AnsiblePlaybook.Result result = run(vars(db, archive, manifestUrl, media));

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stepTrail()).isEqualTo(List.of("dump:start", "dump:end:succeeded", "archive:start",
				"archive:end:succeeded", "upload:start", "upload:end:succeeded"));
		byte[] dump = blobs.uploaded(db).orElseThrow();
		byte[] tarball = blobs.uploaded(archive).orElseThrow();
		JsonNode manifest = JSON.readTree(blobs.uploaded(manifestUrl).orElseThrow());
		assertThat(manifest.path("version").asInt()).isEqualTo(1);
		assertThat(manifest.path("timestamp").asText()).isEqualTo("2025-11-08-010000");
		assertThat(manifest.path("environment").asText()).isEqualTo("staging");
		assertThat(manifest.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(manifest.path("database").path("name").asText()).isEqualTo("production");
		Map<String, Long> tables = new HashMap<>();
		manifest.path("database").path("tables").properties().forEach(e -> tables.put(e.getKey(), e.getValue().asLong()));
		assertThat(tables).isEqualTo(DrillFixtures.rowCounts(pg, "production"));
		assertThat(manifest.path("objects").path("db.dump").path("sha256").asText()).isEqualTo(DrillFixtures.sha256(dump));
		assertThat(manifest.path("objects").path("db.dump").path("size").asLong()).isEqualTo(dump.length);
		assertThat(manifest.path("objects").path("media.tar.gz").path("sha256").asText())
			.isEqualTo(DrillFixtures.sha256(tarball));
		assertThat(manifest.path("objects").path("media.tar.gz").path("size").asLong()).isEqualTo(tarball.length);
		long[] stats = DrillFixtures.mediaStats(media);
		assertThat(manifest.path("media").path("files").asLong()).isEqualTo(stats[0]);
		assertThat(manifest.path("media").path("bytes").asLong()).isEqualTo(stats[1]);
		// the uploaded objects are what they claim: the dump restores the same data, the archive holds the media
		Path dumpFile = Files.write(this.temp.resolve("uploaded.dump"), dump);
		pg.createDatabase("restored");
		pg.client(List.of("pg_restore", "-d", "restored", "--no-owner", dumpFile.toString()));
		assertThat(DrillFixtures.snapshot(pg, "restored")).isEqualTo(DrillFixtures.snapshot(pg, "production"));
		Path extracted = Files.createDirectories(this.temp.resolve("extracted"));
		Path tarFile = Files.write(this.temp.resolve("uploaded.tar.gz"), tarball);
		assertThat(new ProcessBuilder("tar", "-xzf", tarFile.toString(), "-C", extracted.toString()).start().waitFor()).isZero();
		assertThat(DrillFixtures.mediaContent(extracted)).isEqualTo(DrillFixtures.mediaContent(media));
		assertThat(this.temp.resolve("backup-work")).doesNotExist();
		assertThat(result.output()).doesNotContain("X-Amz-Signature");
	}

	@Test
	void refusedUploadFailsNamingTheObjectAndUploadsNoManifest() {
		URI db = blobs.uploadUrl("db.dump");
		URI manifestUrl = blobs.uploadUrl("manifest.json");
		blobs.refuseUploads(db);

		AnsiblePlaybook.Result result = run(vars(db, null, manifestUrl, null));

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stepTrail()).isEqualTo(List.of("dump:start", "dump:end:succeeded", "archive:start",
				"archive:end:skipped", "upload:start", "upload:end:failed"));
		assertThat(result.end("upload").path("message").asText()).contains("upload of db.dump failed (HTTP 403, AccessDenied");
		assertThat(blobs.uploaded(manifestUrl)).isEmpty();
		assertThat(this.temp.resolve("backup-work")).doesNotExist();
	}

	private AnsiblePlaybook.Result run(Map<String, Object> vars) {
		return AnsiblePlaybook.run("backup.yml", sshd, vars, this.temp);
	}

	private Map<String, Object> vars(URI db, URI media, URI manifest, Path mediaDir) {
		Map<String, Object> vars = new HashMap<>();
		vars.put("backup_timestamp", "2025-11-08-010000");
		vars.put("backup_db_put_url", db.toString());
		vars.put("backup_media_put_url", (media != null) ? media.toString() : "");
		vars.put("backup_manifest_put_url", manifest.toString());
		vars.put("db_name", "production");
		vars.put("db_mode", "host");
		vars.put("db_user", "postgres");
		vars.put("db_host", pg.host());
		vars.put("db_port", pg.port());
		vars.put("media_dir", (mediaDir != null) ? mediaDir.toString() : "");
		vars.put("environment_name", "staging");
		vars.put("backup_work_dir", this.temp.resolve("backup-work").toString());
		return vars;
	}

}
