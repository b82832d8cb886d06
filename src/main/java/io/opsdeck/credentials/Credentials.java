package io.opsdeck.credentials;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The credentials module's API for other modules.
 */
public interface Credentials {

	/** @return the credential's metadata, if it exists */
	Optional<CredentialSummary> find(UUID id);

	/** @return every credential's metadata ordered by name, e.g. for a select box on the server form */
	List<CredentialSummary> all();

	/**
	 * Decrypts a credential for one run.
	 * @param id credential id
	 * @return a lease the caller must close
	 * @throws io.opsdeck.shared.NotFoundException if there is no such credential
	 * @throws io.opsdeck.shared.InvalidInputException on {@code credentialId} if it is a {@code secret}, not an SSH
	 * key
	 */
	CredentialLease lease(UUID id);

	/**
	 * Decrypts a credential of type {@code secret} (a password, an API token) for one use. The caller must not log,
	 * store or return it, and should pass it on only where it is masked (e.g. a run's {@code secretExtraVars}).
	 * @param id credential id
	 * @return the plaintext value
	 * @throws io.opsdeck.shared.NotFoundException if there is no such credential
	 * @throws io.opsdeck.shared.InvalidInputException on {@code credentialId} if it is an SSH key, not a secret
	 */
	String revealSecret(UUID id);

}
