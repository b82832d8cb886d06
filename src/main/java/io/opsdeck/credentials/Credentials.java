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
	 */
	CredentialLease lease(UUID id);

}
