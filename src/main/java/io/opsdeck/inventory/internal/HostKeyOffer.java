package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * A host key a server offered that Opsdeck refused.
 *
 * @param serverId the server
 * @param keyType e.g. {@code ssh-ed25519}
 * @param fingerprint {@code SHA256:<base64>}
 * @param hostKey {@code <type> <base64>}
 * @param reason why it was refused
 * @param firstSeen first connection that saw this key
 * @param lastSeen latest connection that saw it
 * @param seenCount connections that saw it
 */
public record HostKeyOffer(UUID serverId, String keyType, String fingerprint, String hostKey, Reason reason,
		Instant firstSeen, Instant lastSeen, long seenCount) {

	/** Why the key was refused. */
	public enum Reason {

		/** The server trusts another fingerprint: the key changed. */
		MISMATCH,

		/** The server is strict and trusts no fingerprint yet. */
		UNKNOWN

	}

}
