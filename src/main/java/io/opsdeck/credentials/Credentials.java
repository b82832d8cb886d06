package io.opsdeck.credentials;

import java.util.Optional;
import java.util.UUID;

/**
 * The credentials module's API for other modules.
 */
public interface Credentials {

	/** @return the credential's metadata, if it exists */
	Optional<CredentialSummary> find(UUID id);

	/**
	 * Decrypts a credential for one run.
	 * @param id credential id
	 * @return a lease the caller must close
	 * @throws io.opsdeck.shared.NotFoundException if there is no such credential
	 */
	CredentialLease lease(UUID id);

}
