package io.opsdeck.credentials;

import java.util.UUID;

/**
 * Tells the credentials module how many things still use a credential, so that refusing a delete can say why.
 * Implemented by modules that reference credentials (the inventory: servers log in with them), which keeps the
 * dependency pointing from them to this module. The database's foreign keys are what actually prevent deleting a
 * credential in use; this only names the count.
 */
public interface CredentialUsage {

	/**
	 * @param credentialId credential id
	 * @return how many servers log in with it; {@code 0} if none or unknown
	 */
	long serversUsing(UUID credentialId);

}
