package io.opsdeck.credentials.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.opsdeck.credentials.CredentialLease;
import io.opsdeck.shared.WorkDirectory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decrypted credential for one run. The key file is written lazily into a fresh {@code 0700} directory under
 * Opsdeck's work directory ({@code <data-dir>/work}, see {@link WorkDirectory}), created with mode {@code 0600}; {@link #close()} overwrites it with zeros, then deletes
 * it and the directory.
 */
final class KeyFileLease implements CredentialLease {

	static final String FILE_NAME = "id_opsdeck";

	private static final Logger log = LoggerFactory.getLogger(KeyFileLease.class);

	private final UUID credentialId;

	private final ParsedKey key;

	private final @Nullable String passphrase;

	private final Path dataDirectory;

	private @Nullable Path directory;

	private @Nullable Path file;

	private boolean closed;

	KeyFileLease(UUID credentialId, ParsedKey key, @Nullable String passphrase, Path dataDirectory) {
		this.dataDirectory = dataDirectory;
		this.credentialId = credentialId;
		this.key = key;
		this.passphrase = passphrase;
	}

	@Override
	public UUID credentialId() {
		return this.credentialId;
	}

	@Override
	public KeyPair keyPair() {
		checkOpen();
		return this.key.keyPair();
	}

	@Override
	public synchronized Path privateKeyFile() {
		checkOpen();
		if (this.file != null) {
			return this.file;
		}
		String content = (!this.key.encrypted() && this.key.readableByOpenSsh()) ? this.key.text()
				: OpenSshKeyWriter.write(this.key.keyPair().getPrivate());
		byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
		try {
			this.directory = WorkDirectory.createPrivate(this.dataDirectory, "key-");
			Path path = this.directory.resolve(FILE_NAME);
			Files.createFile(path, attributes("rw-------"));
			this.file = path;
			try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
				channel.write(ByteBuffer.wrap(bytes));
			}
			return path;
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException("cannot write the key file for credential " + this.credentialId, ex);
		}
		finally {
			Arrays.fill(bytes, (byte) 0);
		}
	}

	@Override
	public List<String> secrets() {
		return (this.passphrase != null) ? List.of(this.passphrase) : List.of();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.file != null) {
			wipe(this.file);
			this.file = null;
		}
		if (this.directory != null) {
			try {
				Files.deleteIfExists(this.directory);
			}
			catch (IOException ex) {
				log.warn("Cannot delete key directory {}: {}", this.directory, ex.getMessage());
			}
			this.directory = null;
		}
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("lease of credential " + this.credentialId + " is closed");
		}
	}

	private static void wipe(Path path) {
		try {
			if (Files.exists(path)) {
				long size = Files.size(path);
				try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
					ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(size, 64 * 1024));
					long written = 0;
					while (written < size) {
						zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
						written += channel.write(zeros, written);
					}
					channel.force(true);
				}
			}
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			log.warn("Cannot wipe key file {}: {}", path, ex.getMessage());
		}
	}

	private static FileAttribute<?>[] attributes(String permissions) {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)) }
				: new FileAttribute<?>[0];
	}

	@Override
	public String toString() {
		return "KeyFileLease[credentialId=" + this.credentialId + "]";
	}

}
