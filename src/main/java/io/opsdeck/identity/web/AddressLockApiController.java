package io.opsdeck.identity.web;

import java.util.List;

import io.opsdeck.identity.internal.AddressLockService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/address-locks}: client addresses locked after repeated failed sign-ins or rejected bearer tokens,
 * and lifting them; ADMIN only. Rules live in {@link AddressLockService}.
 */
@RestController
@RequestMapping("/api/v1/address-locks")
@Tag(name = "Address lock-outs", description = "Client addresses locked after repeated failures (ADMIN)")
class AddressLockApiController {

	private final AddressLockService locks;

	AddressLockApiController(AddressLockService locks) {
		this.locks = locks;
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "List the client addresses locked now, soonest end first",
			description = "One entry per kind of lock: an address can be locked for sign-in and for bearer tokens "
					+ "at once. A lock set on another node shows here at once (the locks live in PostgreSQL).")
	List<AddressLockView> list() {
		return locks.list().stream().map(AddressLockView::of).toList();
	}

	@DeleteMapping("/{address}")
	@PreAuthorize("hasRole('ADMIN')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Lift every lock of a client address and reset its counts",
			description = "Lifts the sign-in and the bearer-token lock of the address; its next request is served "
					+ "on this node at once, on other nodes within opsdeck.identity.token-cache-ttl (5 s). Recorded "
					+ "in the audit log. 400 problem (field address) when the value is not shaped like an IP "
					+ "address, 404 problem when the address is not locked.")
	void lift(@Parameter(description = "the address exactly as GET /api/v1/address-locks lists it",
			example = "198.51.100.4") @PathVariable String address) {
		locks.lift(address);
	}

}
