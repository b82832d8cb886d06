package io.opsdeck.identity.web;

import io.opsdeck.identity.internal.AddressLock;

/**
 * A locked client address as a row of the users page.
 *
 * @param refused what the address is refused, in words
 * @param lockedUntil UTC, to the minute
 */
record AddressLockRow(String address, String refused, String lockedUntil) {

	static AddressLockRow of(AddressLock lock) {
		String refused = switch (lock.kind()) {
			case SIGN_IN -> "sign-in, for every user name";
			case BEARER_TOKENS -> "API tokens (429), valid or not";
		};
		return new AddressLockRow(lock.address(), refused, UserRow.MINUTES.format(lock.lockedUntil()));
	}

}
