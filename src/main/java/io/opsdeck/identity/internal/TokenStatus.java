package io.opsdeck.identity.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** Whether a token can still be used; revocation wins over expiry. */
public enum TokenStatus {

	ACTIVE, EXPIRED, REVOKED;

	static TokenStatus at(Instant now, @Nullable Instant expiresAt, @Nullable Instant revokedAt) {
		if (revokedAt != null) {
			return REVOKED;
		}
		if (expiresAt != null && !now.isBefore(expiresAt)) {
			return EXPIRED;
		}
		return ACTIVE;
	}

}
