package io.opsdeck.inventory.internal;

import java.util.UUID;

import io.opsdeck.credentials.CredentialUsage;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Counts the servers that log in with a credential, for the credentials module's "still in use" message. */
@Component
class ServerCredentialUsage implements CredentialUsage {

	private final ServerRepository servers;

	ServerCredentialUsage(ServerRepository servers) {
		this.servers = servers;
	}

	@Override
	@Transactional(readOnly = true)
	public long serversUsing(UUID credentialId) {
		return this.servers.countByCredentialId(credentialId);
	}

}
