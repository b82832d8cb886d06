package io.opsdeck.credentials.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the master keys at start-up. The current key, in this order: {@code opsdeck.master-key} (env
 * {@code OPSDECK_MASTER_KEY}), the file {@code <data-directory>/master.key}, or a new random key written to that
 * file. Previous keys (decrypt only, during a rotation): {@code opsdeck.master-key-previous} (env
 * {@code OPSDECK_MASTER_KEY_PREVIOUS}, comma-separated) and the file {@code <data-directory>/master.key.previous}
 * (one key per line or comma-separated, {@code #} comments). Refuses (with an {@link IllegalStateException} that
 * stops start-up, naming key ids, never keys) whenever the database holds secrets encrypted under a key id that is
 * not in the ring, and never generates a new key while encrypted data exists: it would be lost.
 */
final class MasterKeyLoader {

	static final String FILE_NAME = "master.key";

	static final String PREVIOUS_FILE_NAME = "master.key.previous";

	/** Stands in the stored key ids for values encrypted before key ids were embedded (their key is unknown). */
	static final String UNKNOWN_KEY_ID = "(unknown)";

	private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

	private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final String GENERATE_HINT = "generate one with: openssl rand -base64 32";

	private final Path dataDirectory;

	private final @Nullable String configuredKey;

	private final @Nullable String configuredPrevious;

	private final Supplier<Set<String>> storedKeyIds;

	MasterKeyLoader(Path dataDirectory, @Nullable String configuredKey, Supplier<Set<String>> storedKeyIds) {
		this(dataDirectory, configuredKey, null, storedKeyIds);
	}

	/**
	 * @param dataDirectory where the key files live
	 * @param configuredKey base64 key from configuration, or {@code null}
	 * @param configuredPrevious comma-separated base64 previous keys from configuration, or {@code null}
	 * @param storedKeyIds the distinct key ids of stored encrypted values (read after Flyway ran), with
	 * {@link #UNKNOWN_KEY_ID} for values whose key is not recorded
	 */
	MasterKeyLoader(Path dataDirectory, @Nullable String configuredKey, @Nullable String configuredPrevious,
			Supplier<Set<String>> storedKeyIds) {
		this.dataDirectory = dataDirectory;
		this.configuredKey = configuredKey;
		this.configuredPrevious = configuredPrevious;
		this.storedKeyIds = storedKeyIds;
	}

	/** @return the current key and the previous keys */
	MasterKeyring load() {
		Set<String> stored = new TreeSet<>(this.storedKeyIds.get());
		Path file = this.dataDirectory.resolve(FILE_NAME);
		MasterKey key;
		String source;
		if (this.configuredKey != null) {
			key = decode(this.configuredKey.trim(), "opsdeck.master-key (env OPSDECK_MASTER_KEY)");
			source = "opsdeck.master-key";
		}
		else if (Files.exists(file)) {
			key = readFile(file);
			source = file.toString();
		}
		else if (!stored.isEmpty()) {
			throw new IllegalStateException("No master key: the database holds secrets encrypted with master key "
					+ String.join(", ", stored) + ", but opsdeck.master-key (OPSDECK_MASTER_KEY) is not set and " + file
					+ " does not exist. Restore the key file from your backup or set OPSDECK_MASTER_KEY. Opsdeck will not"
					+ " generate a new key, because the stored credentials could never be decrypted with it.");
		}
		else {
			key = generate(file);
			source = file + " (generated; back it up)";
		}
		MasterKeyring ring = MasterKeyring.of(key, previousKeys());
		Set<String> foreign = new TreeSet<>(stored);
		foreign.remove(UNKNOWN_KEY_ID);
		foreign.removeIf(id -> ring.find(id).isPresent());
		if (!foreign.isEmpty()) {
			throw new IllegalStateException("Wrong master key: the database holds secrets encrypted with master key "
					+ String.join(", ", foreign) + ", but the key from " + source + " has id " + key.id()
					+ (ring.previousIds().isEmpty() ? " and no previous key is configured"
							: " and the previous keys have ids " + String.join(", ", ring.previousIds()))
					+ ". Configure the original key (OPSDECK_MASTER_KEY or " + file
					+ "), or add it as a previous key (OPSDECK_MASTER_KEY_PREVIOUS or " + PREVIOUS_FILE_NAME + ").");
		}
		log.info("Master key {} loaded from {}{}", key.id(), source,
				ring.previousIds().isEmpty() ? "" : "; previous keys " + ring.previousIds());
		return ring;
	}

	private java.util.List<MasterKey> previousKeys() {
		java.util.List<MasterKey> keys = new java.util.ArrayList<>();
		if (this.configuredPrevious != null) {
			int i = 0;
			for (String part : this.configuredPrevious.split(",")) {
				i++;
				if (!part.isBlank()) {
					keys.add(decode(part.trim(), "opsdeck.master-key-previous (env OPSDECK_MASTER_KEY_PREVIOUS), key " + i));
				}
			}
		}
		Path file = this.dataDirectory.resolve(PREVIOUS_FILE_NAME);
		if (Files.exists(file)) {
			warnIfShared(file);
			String text;
			try {
				text = Files.readString(file, StandardCharsets.US_ASCII);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read previous master key file " + file, ex);
			}
			int line = 0;
			for (String row : text.split("\\R")) {
				line++;
				String content = row.contains("#") ? row.substring(0, row.indexOf('#')) : row;
				for (String part : content.split(",")) {
					if (!part.isBlank()) {
						keys.add(decode(part.trim(), "previous master key file " + file + ", line " + line));
					}
				}
			}
		}
		return keys;
	}

	private static MasterKey decode(String base64, String origin) {
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(origin + " is not valid base64; " + GENERATE_HINT);
		}
		try {
			if (raw.length != MasterKey.LENGTH) {
				throw new IllegalStateException(origin + " must be base64 of exactly " + MasterKey.LENGTH
						+ " bytes (AES-256), but it decodes to " + raw.length + " bytes; " + GENERATE_HINT);
			}
			return MasterKey.of(raw);
		}
		finally {
			Arrays.fill(raw, (byte) 0);
		}
	}

	private static MasterKey readFile(Path file) {
		warnIfShared(file);
		try {
			return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), "master key file " + file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read master key file " + file, ex);
		}
	}

	private static void warnIfShared(Path file) {
		PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
		if (view == null) {
			return;
		}
		try {
			Set<PosixFilePermission> permissions = view.readAttributes().permissions();
			Set<PosixFilePermission> shared = EnumSet.copyOf(permissions);
			shared.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
					PosixFilePermission.OWNER_EXECUTE));
			if (!shared.isEmpty()) {
				log.warn("Master key file {} is accessible by group or others ({}); restrict it with: chmod 600 {}", file,
						PosixFilePermissions.toString(permissions), file);
			}
		}
		catch (IOException ex) {
			log.warn("Cannot read the permissions of {}: {}", file, ex.getMessage());
		}
	}

	/**
	 * Writes a new key to a temporary file created with mode 0600 (never readable by others, not even briefly), then
	 * links it to its final name, which fails if another Opsdeck started on the same directory won the race: its key
	 * is then used.
	 */
	private static MasterKey generate(Path file) {
		byte[] raw = new byte[MasterKey.LENGTH];
		new SecureRandom().nextBytes(raw);
		byte[] encoded = (Base64.getEncoder().encodeToString(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
		Arrays.fill(raw, (byte) 0);
		Path directory = file.getParent();
		Path temporary = directory.resolve(FILE_NAME + "." + Long.toUnsignedString(new SecureRandom().nextLong(), 36)
				+ ".tmp");
		try {
			createDirectory(directory);
			Files.createFile(temporary, ownerOnly(OWNER_ONLY_FILE));
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				channel.write(ByteBuffer.wrap(encoded));
				channel.force(true);
			}
			try {
				Files.createLink(file, temporary);
			}
			catch (FileAlreadyExistsException ex) {
				log.info("Another Opsdeck created {} first; using its key", file);
			}
			catch (UnsupportedOperationException ex) {
				Files.move(temporary, file);
			}
			log.warn("Generated a new master key in {}. Back it up: without it the stored credentials cannot be"
					+ " decrypted.", file);
			return readFile(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write master key file " + file, ex);
		}
		finally {
			Arrays.fill(encoded, (byte) 0);
			try {
				Files.deleteIfExists(temporary);
			}
			catch (IOException ex) {
				log.warn("Cannot delete temporary key file {}: {}", temporary, ex.getMessage());
			}
		}
	}

	private static void createDirectory(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory, ownerOnly(OWNER_ONLY_DIRECTORY));
		}
	}

	private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		return posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
				: new FileAttribute<?>[0];
	}

}
