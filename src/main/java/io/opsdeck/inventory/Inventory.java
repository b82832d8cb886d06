package io.opsdeck.inventory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The inventory module's API for other modules (the run engine above all).
 */
public interface Inventory {

	/** @return every environment, ordered by name */
	List<EnvironmentSummary> environments();

	/** @return every server, ordered by environment and name */
	List<ServerTarget> allServers();

	/** @return the environment with this name, if any */
	Optional<EnvironmentSummary> findEnvironment(String name);

	/**
	 * @param environment environment name
	 * @return its servers ordered by name
	 * @throws io.opsdeck.shared.NotFoundException if the environment does not exist
	 */
	List<ServerTarget> serversOf(String environment);

	/**
	 * @param ids server ids
	 * @return the servers in the order given
	 * @throws io.opsdeck.shared.NotFoundException naming the first id that does not exist
	 */
	List<ServerTarget> servers(Collection<java.util.UUID> ids);

	/**
	 * Records a host key that a connection has just seen: the first key of a trust-on-first-use server, or the full
	 * key of a server whose fingerprint was entered by hand and matches. Changes nothing when the server already
	 * trusts a different fingerprint (the caller must then refuse the connection) or is strict without one.
	 * @param serverId server id
	 * @param fingerprint {@code SHA256:<base64>}
	 * @param hostKey public key in {@code known_hosts} form, {@code <type> <base64>}
	 * @return whether the key is now the server's trusted key
	 */
	boolean trustHostKey(java.util.UUID serverId, String fingerprint, String hostKey);

	/**
	 * Records a host key a server offered that Opsdeck refused (docs/inventory-and-credentials.md, "Host keys"), so
	 * that the server page warns and an admin of the environment can accept it. Keeps one offer per server: the same
	 * fingerprint again updates its last-seen time, another one replaces it.
	 * @param serverId server id
	 * @param fingerprint {@code SHA256:<base64>}
	 * @param hostKey public key in {@code known_hosts} form, {@code <type> <base64>}
	 * @param mismatch {@code true} when the server trusts another fingerprint, {@code false} when it trusts none
	 */
	default void recordUntrustedHostKey(java.util.UUID serverId, String fingerprint, String hostKey,
			boolean mismatch) {
	}

	/**
	 * Notes that a connection to the server presented its trusted key: a recorded untrusted offer is stale and goes.
	 * @param serverId server id
	 */
	default void hostKeyVerified(java.util.UUID serverId) {
	}

}
