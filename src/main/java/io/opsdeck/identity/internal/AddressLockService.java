package io.opsdeck.identity.internal;

import java.util.List;
import java.util.regex.Pattern;

import io.opsdeck.identity.Actors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Client addresses locked after repeated failed sign-ins or rejected bearer tokens, for ADMINs to see and lift
 * (docs/security.md, "Login throttling and lock-out"): e.g. the NAT address of a CI farm after a runner sent many
 * different bad tokens. Lifting a lock takes effect on the next request on this node and within
 * {@code opsdeck.identity.token-cache-ttl} on the others; the request that lifts it is in the audit log.
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class AddressLockService {

	/**
	 * An IPv4 or IPv6 address as the servlet container reports it (optionally with an IPv6 zone). Only checked for
	 * its shape: it is a key, never resolved.
	 */
	static final Pattern ADDRESS = Pattern.compile("^[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9._-]{1,32})?$");

	private static final Logger log = LoggerFactory.getLogger(AddressLockService.class);

	private final ThrottleStore store;

	private final TokenThrottle tokens;

	AddressLockService(ThrottleStore store, TokenThrottle tokens) {
		this.store = store;
		this.tokens = tokens;
	}

	/** @return the addresses locked now, one entry per kind of lock, soonest end first */
	@Transactional(readOnly = true)
	public List<AddressLock> list() {
		return store.addressLocks();
	}

	/**
	 * Lifts every lock of the address (sign-in and bearer tokens) and forgets its counts, so it starts again from
	 * zero.
	 *
	 * @param address the address exactly as {@link #list()} shows it
	 * @throws InvalidInputException ({@code address}) when it is not shaped like an IP address
	 * @throws NotFoundException when the address is not locked
	 */
	@Transactional
	public void lift(String address) {
		if (address == null || !ADDRESS.matcher(address).matches()) {
			throw new InvalidInputException("address", "must be an IPv4 or IPv6 address as listed, e.g. 198.51.100.4");
		}
		int lifted = store.delete(List.of(ThrottleStore.SIGN_IN_ADDRESS + address,
				ThrottleStore.TOKEN_ADDRESS + address));
		if (lifted == 0) {
			throw new NotFoundException("address lock", address);
		}
		tokens.lifted(address);
		log.info("Lock of client address {} lifted by {}", address, Actors.current().display());
	}

}
