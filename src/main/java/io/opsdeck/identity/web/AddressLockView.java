package io.opsdeck.identity.web;

import java.time.Instant;

import io.opsdeck.identity.internal.AddressLock;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A locked client address in {@code GET /api/v1/address-locks}.
 *
 * @param address the client address as Opsdeck saw it; {@code DELETE /api/v1/address-locks/{address}} takes it as is
 * @param kind {@code SIGN_IN}: sign-in is refused from it, for every user name; {@code BEARER_TOKENS}: every bearer
 * request from it gets {@code 429}, valid token or not
 * @param lockedUntil when the lock ends by itself
 */
@Schema(description = "A client address locked after repeated failures (docs/security.md, \"Login throttling and "
		+ "lock-out\"); one entry per kind of lock")
record AddressLockView(
		@Schema(description = "the client address as Opsdeck saw it (getRemoteAddr(), or X-Forwarded-For from a "
				+ "trusted proxy); DELETE /api/v1/address-locks/{address} takes it as is",
				example = "198.51.100.4") String address,
		@Schema(description = "SIGN_IN: sign-in from this address is refused for every user name; BEARER_TOKENS: "
				+ "every bearer request from it is answered 429, valid token or not") AddressLock.Kind kind,
		@Schema(description = "when the lock ends by itself (UTC)") Instant lockedUntil) {

	static AddressLockView of(AddressLock lock) {
		return new AddressLockView(lock.address(), lock.kind(), lock.lockedUntil());
	}

}
