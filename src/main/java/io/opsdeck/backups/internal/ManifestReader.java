package io.opsdeck.backups.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.opsdeck.backups.BackupObject;
import io.opsdeck.backups.Manifest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code manifest.json} version 1 (docs/design/drills-contract.md) strictly: every field the contract names
 * must be there with the right type, counts and sizes are non-negative integers, checksums 64 hex digits. A
 * manifest that fails is reported as a finding, never half-used.
 */
final class ManifestReader {

	/** Manifests larger than this are not read (a version 1 manifest of 10,000 tables is about 500 KiB). */
	static final long MAX_BYTES = 4L * 1024 * 1024;

	private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ManifestReader() {
	}

	/**
	 * @param json the manifest's bytes
	 * @param folderKey the backup's folder, {@code <prefix>/<timestamp>/}: object keys are resolved against it
	 * @return the manifest
	 * @throws InvalidManifestException saying what is wrong, e.g. {@code "objects.db.dump.size" must be a
	 * non-negative integer}
	 */
	static Manifest read(byte[] json, String folderKey) {
		JsonNode root;
		try {
			root = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidManifestException("it is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw new InvalidManifestException("it is not a JSON object");
		}
		long version = count(root, "version");
		if (version != 1) {
			throw new InvalidManifestException("it has version " + version + "; Opsdeck reads version 1");
		}
		String timestamp = text(root, "timestamp");
		Instant createdAt;
		try {
			createdAt = Instant.parse(text(root, "createdAt"));
		}
		catch (DateTimeParseException ex) {
			throw new InvalidManifestException("\"createdAt\" must be an ISO-8601 instant, e.g. 2025-11-07T12:00:00Z");
		}
		JsonNode database = object(root, "database", "database");
		JsonNode tablesNode = object(database, "tables", "database.tables");
		Map<String, Long> tables = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> table : tablesNode.properties()) {
			tables.put(table.getKey(), count(tablesNode, table.getKey(), "database.tables." + table.getKey()));
		}
		Long mediaFiles = null;
		Long mediaBytes = null;
		JsonNode media = root.get("media");
		if (media != null && !media.isNull()) {
			if (!media.isObject()) {
				throw new InvalidManifestException("\"media\" must be an object");
			}
			mediaFiles = count(media, "files", "media.files");
			mediaBytes = count(media, "bytes", "media.bytes");
		}
		JsonNode objectsNode = object(root, "objects", "objects");
		Map<String, BackupObject> objects = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : objectsNode.properties()) {
			String name = entry.getKey();
			String path = "objects." + name;
			if (name.isEmpty() || name.contains("/")) {
				throw new InvalidManifestException("\"objects\" may only name objects of the backup's folder");
			}
			JsonNode object = object(objectsNode, name, path);
			long size = count(object, "size", path + ".size");
			String sha256 = text(object, "sha256", path + ".sha256");
			if (!SHA256.matcher(sha256).matches()) {
				throw new InvalidManifestException("\"" + path + ".sha256\" must be 64 hex digits");
			}
			objects.put(name, new BackupObject(folderKey + name, size, sha256.toLowerCase(java.util.Locale.ROOT)));
		}
		return new Manifest(1, timestamp, createdAt, tables, mediaFiles, mediaBytes, objects);
	}

	private static JsonNode object(JsonNode parent, String name, String path) {
		JsonNode node = parent.get(name);
		if (node == null || !node.isObject()) {
			throw new InvalidManifestException("\"" + path + "\" must be an object");
		}
		return node;
	}

	private static long count(JsonNode parent, String name) {
		return count(parent, name, name);
	}

	private static long count(JsonNode parent, String name, String path) {
		JsonNode node = parent.get(name);
		if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
			throw new InvalidManifestException("\"" + path + "\" must be a non-negative integer");
		}
		return node.longValue();
	}

	private static String text(JsonNode parent, String name) {
		return text(parent, name, name);
	}

	private static String text(JsonNode parent, String name, String path) {
		@Nullable JsonNode node = parent.get(name);
		if (node == null || !node.isString()) {
			throw new InvalidManifestException("\"" + path + "\" must be a string");
		}
		return node.stringValue();
	}

	/** The manifest is unusable; the message says why, for a finding. */
	static final class InvalidManifestException extends RuntimeException {

		InvalidManifestException(String message) {
			super(message);
		}

	}

}
