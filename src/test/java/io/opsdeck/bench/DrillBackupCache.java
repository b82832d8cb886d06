package io.opsdeck.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the drill-restore benchmark's generated backup ({@code db.dump}, {@code media.tar.gz} and what is known about
 * them) between runs, so that a second run at the same size skips generating the database, {@code pg_dump},
 * generating the media and {@code tar -czf} (minutes at 1 GiB + 1 GiB on 2 cores).
 * <p>
 * An entry lives in {@code <root>/v<GENERATOR_VERSION>-pg15-db<N>-media<M>/} (N and M in GiB, as given to the
 * benchmark) with a {@code backup.json} beside the two files. Before an entry is reused, both files' sizes and SHA-256
 * are checked against {@code backup.json}; a mismatch (or a missing file) removes the entry and generates it again.
 * A new entry is generated in {@code <key>.tmp} and renamed into place only when complete, so an interrupted run
 * leaves nothing that looks valid. Entries of other generator versions are removed when an entry is generated. Two
 * benchmarks running at the same time (an A/B pair) take a file lock on {@code <key>.lock}: the second waits for the
 * first to generate, then reuses it.
 * <p>
 * Bump {@link #GENERATOR_VERSION} whenever what the benchmark generates changes (tables, rows, media sizes, the dump
 * or tar format).
 */
final class DrillBackupCache {

	/** The version of what {@link Generator} produces; part of every entry's name. */
	static final int GENERATOR_VERSION = 1;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path root;

	/**
	 * @param root the cache's directory (created when needed), or {@code null} for no cache: every run generates
	 * into its own scratch directory
	 */
	DrillBackupCache(Path root) {
		this.root = root;
	}

	/** Generates a backup's two files into a directory it is given. */
	interface Generator {

		/**
		 * @param into an empty directory; {@code db.dump} and {@code media.tar.gz} must be written there
		 * @param setup seconds per setup stage, to fill ({@code "pg_dump -Fc s"} etc.)
		 * @return what the benchmark checks the restores against
		 */
		Facts generate(Path into, Map<String, Object> setup) throws Exception;

	}

	/**
	 * What is known about a generated backup.
	 * @param dbSize {@code pg_database_size} of the generated database, bytes
	 * @param tables exact row counts per table ({@code schema.table})
	 * @param mediaFiles number of media files in the tarball
	 * @param mediaBytes bytes of media in the tarball (file contents)
	 */
	record Facts(long dbSize, Map<String, Long> tables, long mediaFiles, long mediaBytes) {
	}

	/**
	 * A backup ready to upload.
	 * @param dump the {@code pg_dump -Fc} file
	 * @param tarball the {@code tar -czf} of the media
	 * @param dumpSha256 hex SHA-256 of {@code dump}
	 * @param tarballSha256 hex SHA-256 of {@code tarball}
	 * @param setup what the setup did and how long each stage took (seconds as {@code Double}), for the report
	 * @param cached whether the files live in the cache (the caller must not delete them) or in scratch
	 */
	record Backup(Path dump, Path tarball, Facts facts, String dumpSha256, String tarballSha256,
			Map<String, Object> setup, boolean cached) {
	}

	/**
	 * Returns the cached backup for these sizes after verifying it, or generates it (into the cache when there is
	 * one, into {@code scratch} otherwise).
	 * @throws Exception what the generator throws; {@link IOException} when the cache cannot be written
	 */
	Backup obtain(double dbGb, double mediaGb, Path scratch, Generator generator) throws Exception {
		if (root == null) {
			Map<String, Object> setup = new LinkedHashMap<>();
			setup.put("cache", "off");
			Facts facts = generator.generate(Files.createDirectories(scratch), setup);
			return backup(scratch, facts, setup, false);
		}
		String key = key(dbGb, mediaGb);
		Files.createDirectories(root);
		Path entry = root.resolve(key);
		try (FileChannel channel = FileChannel.open(root.resolve(key + ".lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
			Map<String, Object> setup = new LinkedHashMap<>();
			long t0 = System.nanoTime();
			Backup reused = verified(entry, setup);
			if (reused != null) {
				setup.put("verify sha256 s", (System.nanoTime() - t0) / 1e9);
				return reused;
			}
			removeTree(entry);
			removeOtherVersions();
			Path tmp = root.resolve(key + ".tmp");
			removeTree(tmp);
			Files.createDirectories(tmp);
			setup.put("cache", "generated into " + entry);
			Facts facts = generator.generate(tmp, setup);
			Backup generated = backup(tmp, facts, setup, true);
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("generatorVersion", GENERATOR_VERSION);
			json.put("generatedAt", Instant.now().toString());
			json.put("dbSize", facts.dbSize());
			json.put("tables", facts.tables());
			json.put("mediaFiles", facts.mediaFiles());
			json.put("mediaBytes", facts.mediaBytes());
			json.put("dumpSize", Files.size(generated.dump()));
			json.put("dumpSha256", generated.dumpSha256());
			json.put("tarballSize", Files.size(generated.tarball()));
			json.put("tarballSha256", generated.tarballSha256());
			json.put("setup", setup);
			Files.write(tmp.resolve("backup.json"), JSON.writeValueAsBytes(json));
			Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
			return new Backup(entry.resolve("db.dump"), entry.resolve("media.tar.gz"), facts, generated.dumpSha256(),
					generated.tarballSha256(), setup, true);
		}
	}

	/** @return the entry's name for these sizes, e.g. {@code v1-pg15-db1-media1} or {@code v1-pg15-db0.25-media0.25} */
	static String key(double dbGb, double mediaGb) {
		return "v" + GENERATOR_VERSION + "-pg15-db" + gib(dbGb) + "-media" + gib(mediaGb);
	}

	private static String gib(double value) {
		String text = String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
		return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
	}

	private static Backup backup(Path dir, Facts facts, Map<String, Object> setup, boolean cached) throws Exception {
		Path dump = dir.resolve("db.dump");
		Path tarball = dir.resolve("media.tar.gz");
		return new Backup(dump, tarball, facts, sha256(dump), sha256(tarball), setup, cached);
	}

	/** @return the entry when backup.json is readable and both files have its sizes and SHA-256; else null */
	private static Backup verified(Path entry, Map<String, Object> setup) {
		try {
			Path description = entry.resolve("backup.json");
			if (!Files.isRegularFile(description)) {
				return null;
			}
			JsonNode json = JSON.readTree(Files.readString(description));
			if (json.path("generatorVersion").asInt() != GENERATOR_VERSION) {
				return null;
			}
			Path dump = entry.resolve("db.dump");
			Path tarball = entry.resolve("media.tar.gz");
			if (!Files.isRegularFile(dump) || !Files.isRegularFile(tarball)
					|| Files.size(dump) != json.path("dumpSize").asLong()
					|| Files.size(tarball) != json.path("tarballSize").asLong()) {
				return null;
			}
			String dumpSha = sha256(dump);
			String tarballSha = sha256(tarball);
			if (!dumpSha.equals(json.path("dumpSha256").asString())
					|| !tarballSha.equals(json.path("tarballSha256").asString())) {
				return null;
			}
			Map<String, Long> tables = new TreeMap<>();
			json.path("tables").properties().forEach(e -> tables.put(e.getKey(), e.getValue().asLong()));
			Facts facts = new Facts(json.path("dbSize").asLong(), tables, json.path("mediaFiles").asLong(),
					json.path("mediaBytes").asLong());
			setup.put("cache", "reused " + entry + " (generated " + json.path("generatedAt").asString()
					+ ", its setup: " + json.path("setup").toString().replace("|", "/") + ")");
			return new Backup(dump, tarball, facts, dumpSha, tarballSha, setup, true);
		}
		catch (Exception ex) {
			return null;
		}
	}

	private void removeOtherVersions() throws IOException {
		String current = "v" + GENERATOR_VERSION + "-";
		try (Stream<Path> entries = Files.list(root)) {
			for (Path old : entries.filter(p -> p.getFileName().toString().matches("v\\d+-.*"))
				.filter(p -> !p.getFileName().toString().startsWith(current))
				.toList()) {
				removeTree(old);
			}
		}
	}

	private static void removeTree(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	/** @return hex SHA-256 of a file */
	static String sha256(Path file) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		return java.util.HexFormat.of().formatHex(digest.digest());
	}

}
