package io.opsdeck.backups.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.Manifest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Grouping keys into backups, reading manifests and judging backups, without a storage. */
class BackupCatalogTests {

	private static final String SHA = "a".repeat(64);

	@Test
	void groupsOnlyTimestampFoldersWithADumpDirectlyUnderThePrefix() {
		List<ListedObject> listed = List.of(object("s/2025-11-07-120000/db.dump", 10),
				object("s/2025-11-07-120000/media.tar.gz", 5), object("s/2025-11-07-120000/deeper/db.dump", 1),
				object("s/2025-11-08-120000/manifest.json", 3), object("s/2025-02-30-120000/db.dump", 1),
				object("s/latest/db.dump", 1), object("s/db.dump", 1), object("s/2025-11-09-120000/", 0),
				object("other/2025-11-10-120000/db.dump", 1), object("s/2025-11-06-000000/db.dump", 1));
		List<BackupFolder> folders = BackupFolder.group("s", listed);
		assertThat(folders).extracting(BackupFolder::timestamp).containsExactly("2025-11-07-120000", "2025-11-06-000000");
		assertThat(folders.get(0).objects()).containsOnlyKeys("db.dump", "media.tar.gz");
		assertThat(folders.get(0).folderKey()).isEqualTo("s/2025-11-07-120000/");
		assertThat(BackupFolder.group("", List.of(object("2025-11-07-120000/db.dump", 1)))).hasSize(1);
	}

	@Test
	void readsAVersionOneManifestAndRefusesBrokenOnes() {
		Manifest manifest = ManifestReader.read(manifest("2025-11-07-120000", 10, 5), "s/2025-11-07-120000/");
		assertThat(manifest.tables()).containsEntry("public.users", 1200L);
		assertThat(manifest.mediaFiles()).isEqualTo(4L);
		assertThat(manifest.objects().get("db.dump").key()).isEqualTo("s/2025-11-07-120000/db.dump");
		assertThat(manifest.createdAt()).isEqualTo(Instant.parse("2025-11-07T12:00:03Z"));

		assertInvalid("[1,2]", "not a JSON object");
		assertInvalid("{", "not valid JSON");
		assertInvalid(json().replace("\"version\": 1", "\"version\": 2"), "version 2");
		// 2^32 + 1 was cast to int and read as version 1
		assertInvalid(json().replace("\"version\": 1", "\"version\": 4294967297"), "version 4294967297");
		assertInvalid(json().replace("\"size\": 10", "\"size\": -1"), "\"objects.db.dump.size\" must be a non-negative integer");
		assertInvalid(json().replace(SHA, "xyz"), "\"objects.db.dump.sha256\" must be 64 hex digits");
		assertInvalid(json().replace("2025-11-07T12:00:03Z", "yesterday"), "createdAt");
		assertInvalid(json().replace("\"public.users\": 1200", "\"public.users\": \"many\""), "database.tables.public.users");
	}

	@Test
	void verifiedOnlyWhenEveryListedObjectHasItsSize() {
		BackupFolder folder = BackupFolder.group("s", List.of(object("s/2025-11-07-120000/db.dump", 10),
				object("s/2025-11-07-120000/media.tar.gz", 5), object("s/2025-11-07-120000/manifest.json", 300)))
			.get(0);
		Instant now = Instant.parse("2025-11-07T13:00:00Z");
		BackupSummary good = BackupVerifier.summarise(folder,
				new ManifestOutcome.Read(ManifestReader.read(manifest("2025-11-07-120000", 10, 5), folder.folderKey())),
				now);
		assertThat(good.verified()).isTrue();
		assertThat(good.ageSeconds()).isEqualTo(3600);
		assertThat(good.sizeBytes()).isEqualTo(315);
		assertThat(good.database().sha256()).isEqualTo(SHA);

		BackupSummary shrunk = BackupVerifier.summarise(folder,
				new ManifestOutcome.Read(ManifestReader.read(manifest("2025-11-06-120000", 10, 7), folder.folderKey())),
				now);
		assertThat(shrunk.verified()).isFalse();
		assertThat(shrunk.findings()).containsExactly("manifest.json names timestamp 2025-11-06-120000, the folder is 2025-11-07-120000",
				"media.tar.gz is 5 bytes, manifest says 7");

		BackupSummary missing = BackupVerifier.summarise(folder, new ManifestOutcome.Missing(), now);
		assertThat(missing.findings()).containsExactly("manifest.json is missing");
		assertThat(missing.database().sha256()).isNull();
	}

	@Test
	void storageRulesAtTheEdge() {
		assertThat(matches(StorageRules.BUCKET, "acme-backups", "a.b.c", "abc")).isTrue();
		assertThat(matches(StorageRules.BUCKET, "ab")).isFalse();
		assertThat(matches(StorageRules.BUCKET, "xn--abc")).isFalse();
		assertThat(matches(StorageRules.BUCKET, "bucket-s3alias")).isFalse();
		assertThat(matches(StorageRules.BUCKET, "-abc")).isFalse();
		assertThat(matches(StorageRules.PREFIX, "", "staging", "/staging/", "a/b-c/d_e")).isTrue();
		assertThat(matches(StorageRules.PREFIX, "a//b")).isFalse();
		assertThat(matches(StorageRules.PREFIX, "..")).isFalse();
		assertThat(matches(StorageRules.PREFIX, "a/./b")).isFalse();
		assertThat(matches(StorageRules.ENDPOINT, "https://fra1.digitaloceanspaces.com", "http://127.0.0.3:9000/",
				"http://[::1]:9000")).isTrue();
		assertThat(matches(StorageRules.ENDPOINT, "https://fra1.digitaloceanspaces.com/bucket")).isFalse();
		assertThat(StorageRules.normalisePrefix("//staging/daily/")).isEqualTo("staging/daily");
		assertThat(StorageRules.normaliseEndpoint(StorageProvider.SPACES, "HTTPS://FRA1.digitaloceanspaces.com/"))
			.isEqualTo("https://fra1.digitaloceanspaces.com");
		assertThat(new StorageSettings(StorageProvider.SPACES, null, "fra1", "b", "", false, "k", "s")
			.effectiveEndpoint()).hasToString("https://fra1.digitaloceanspaces.com");
		assertThat(new StorageSettings(StorageProvider.S3, null, "eu-central-1", "b", "", false, "k", "secret-value")
			.toString()).doesNotContain("secret-value");
	}

	private static boolean matches(String regex, String... values) {
		Pattern pattern = Pattern.compile(regex);
		for (String value : values) {
			if (!pattern.matcher(value).matches()) {
				return false;
			}
		}
		return true;
	}

	private static void assertInvalid(String json, String message) {
		assertThatThrownBy(() -> ManifestReader.read(json.getBytes(StandardCharsets.UTF_8), "s/x/"))
			.isInstanceOf(ManifestReader.InvalidManifestException.class)
			.hasMessageContaining(message);
	}

	private static ListedObject object(String key, long size) {
		return new ListedObject(key, size, "\"etag-" + key.hashCode() + "\"");
	}

	private static String json() {
		return new String(manifest("2025-11-07-120000", 10, 5), StandardCharsets.UTF_8);
	}

	private static byte[] manifest(String timestamp, long dumpSize, long mediaSize) {
		return """
				{"version": 1, "timestamp": "%s", "createdAt": "2025-11-07T12:00:03Z",
				 "database": {"name": "app", "tables": {"public.users": 1200}},
				 "media": {"files": 4, "bytes": 100},
				 "objects": {"db.dump": {"size": %d, "sha256": "%s"}, "media.tar.gz": {"size": %d, "sha256": "%s"}}}
				""".formatted(timestamp, dumpSize, SHA, mediaSize, SHA).getBytes(StandardCharsets.UTF_8);
	}

}
