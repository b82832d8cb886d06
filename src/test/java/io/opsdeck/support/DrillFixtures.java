package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

/**
 * Backups for drill and backup playbook tests, made the way Opsdeck's layout wants them
 * (docs/design/drills-contract.md): a "production" database with data in several tables of two schemas and two
 * extensions from Debian's contrib ({@code citext}, {@code pgcrypto}), its {@code db.dump} ({@code pg_dump -Fc}), a
 * media directory with its {@code media.tar.gz}, and a version 1 {@code manifest.json}. {@link #snapshot} gives
 * the row count and a content checksum of every table, to prove a restore is identical.
 */
public final class DrillFixtures {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Tables {@link #createProduction} makes, {@code schema.table}. */
	public static final List<String> TABLES = List.of("public.users", "public.documents", "public.empty_things",
			"shop.orders");

	private DrillFixtures() {
	}

	/** Creates {@code database} with tables, rows and extensions. */
	public static void createProduction(PostgresServer pg, String database) {
		pg.createDatabase(database);
		pg.sql(database, """
				CREATE EXTENSION citext;
				CREATE EXTENSION pgcrypto;
				CREATE TABLE users (id serial PRIMARY KEY, email citext UNIQUE NOT NULL, name text NOT NULL);
				INSERT INTO users (email, name) SELECT 'User' || g || '@Example.org', 'User ' || g FROM generate_series(1, 1200) g;
				CREATE TABLE documents (id serial PRIMARY KEY, owner int REFERENCES users, body bytea, digest text);
				INSERT INTO documents (owner, body, digest)
				  SELECT 1 + g % 1200, convert_to(repeat('page ' || g, 20), 'UTF8'), encode(digest('doc' || g, 'sha256'), 'hex')
				  FROM generate_series(1, 300) g;
				CREATE TABLE empty_things (x int);
				CREATE SCHEMA shop;
				CREATE TABLE shop.orders (id bigserial PRIMARY KEY, user_id int REFERENCES users, total numeric(12, 2), placed timestamptz);
				INSERT INTO shop.orders (user_id, total, placed)
				  SELECT 1 + g % 1200, g * 1.25, timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute'
				  FROM generate_series(1, 5300) g;
				""");
	}

	/**
	 * @return per table ({@code schema.table}, every ordinary table outside the system schemas) its row count and
	 * {@code md5(string_agg(row::text, ',' ORDER BY row::text))}, as {@code "<rows>:<md5>"}, sorted by name
	 */
	public static Map<String, String> snapshot(PostgresServer pg, String database) {
		List<List<String>> tables = pg.sql(database, """
				SELECT format('%I.%I', n.nspname, c.relname), n.nspname || '.' || c.relname
				  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				 WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
				""");
		Map<String, String> snapshot = new TreeMap<>();
		for (List<String> table : tables) {
			snapshot.put(table.get(1), pg.value(database, "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM "
					+ table.get(0) + " t"));
		}
		return snapshot;
	}

	/** @return exact row counts per table, as the manifest holds them */
	public static Map<String, Long> rowCounts(PostgresServer pg, String database) {
		Map<String, Long> counts = new TreeMap<>();
		snapshot(pg, database).forEach((table, value) -> counts.put(table, Long.parseLong(value.split(":")[0])));
		return counts;
	}

	/** @return {@code pg_dump -Fc} of {@code database} */
	public static byte[] dump(PostgresServer pg, String database, Path directory) {
		Path file = directory.resolve(database + ".dump");
		pg.client(List.of("pg_dump", "-Fc", "-f", file.toString(), "-d", database));
		return read(file);
	}

	/** Fills {@code directory} with a few media files in two levels. */
	public static void createMedia(Path directory) {
		try {
			Files.createDirectories(directory.resolve("uploads/2025"));
			for (int i = 1; i <= 5; i++) {
				byte[] data = new byte[1000 * i + 17];
				new java.util.Random(i).nextBytes(data);
				Files.write(directory.resolve("uploads/2025/photo-" + i + ".jpg"), data);
			}
			Files.writeString(directory.resolve("README.txt"), "media of the production site\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return {@code tar -czf - -C directory .} */
	public static byte[] tarball(Path directory, Path scratch) {
		Path file = scratch.resolve("media-" + System.nanoTime() + ".tar.gz");
		exec(List.of("tar", "-czf", file.toString(), "-C", directory.toString(), "."));
		return read(file);
	}

	/** @return {@code [files, bytes]} of the regular files under {@code directory} */
	public static long[] mediaStats(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			List<Path> regular = files.filter(Files::isRegularFile).toList();
			long bytes = 0;
			for (Path file : regular) {
				bytes += Files.size(file);
			}
			return new long[] { regular.size(), bytes };
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return relative path to content digest of every regular file under {@code directory}, sorted */
	public static Map<String, String> mediaContent(Path directory) {
		Map<String, String> content = new TreeMap<>();
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				content.put(directory.relativize(file).toString(), sha256(Files.readAllBytes(file)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return content;
	}

	/**
	 * @return manifest.json version 1 (docs/design/drills-contract.md) for a backup of {@code database}
	 * @param media the tarball, or {@code null} for a backup without media
	 * @param mediaStats {@link #mediaStats} of the archived directory, or {@code null}
	 */
	public static byte[] manifest(String timestamp, String database, Map<String, Long> tables, byte[] dump,
			byte[] media, long[] mediaStats) {
		Map<String, Object> objects = new LinkedHashMap<>();
		objects.put("db.dump", Map.of("size", dump.length, "sha256", sha256(dump)));
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("version", 1);
		manifest.put("timestamp", timestamp);
		manifest.put("createdAt", "2025-11-07T12:00:00Z");
		manifest.put("environment", "staging");
		manifest.put("database", Map.of("name", database, "tables", tables));
		if (media != null) {
			manifest.put("media", Map.of("files", mediaStats[0], "bytes", mediaStats[1]));
			objects.put("media.tar.gz", Map.of("size", media.length, "sha256", sha256(media)));
		}
		manifest.put("objects", objects);
		return JSON.writeValueAsBytes(manifest);
	}

	/** @return lower-case hex SHA-256 */
	public static String sha256(byte[] data) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void exec(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
