package io.opsdeck.credentials;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.UUID;

/**
 * A credential handed to one run and destroyed after it (Semaphore's "installed for one run" idea). Obtain it with
 * {@link Credentials#lease(UUID)} in a try-with-resources block.
 */
public interface CredentialLease extends AutoCloseable {

	UUID credentialId();

	/** @return the decrypted key pair, for an in-process SSH client */
	KeyPair keyPair();

	/**
	 * Writes the private key, without passphrase, in a format the OpenSSH client reads, to a file readable only by
	 * this process's user ({@code 0600}) inside a private ({@code 0700}) temporary directory. Created on first call;
	 * overwritten and deleted by {@link #close()}.
	 * @return the key file
	 * @throws java.io.UncheckedIOException if the file cannot be written
	 */
	Path privateKeyFile();

	/** @return secret strings to mask in run output (e.g. the passphrase); never logged */
	List<String> secrets();

	/** Overwrites and deletes every file this lease wrote. Idempotent. */
	@Override
	void close();

}
