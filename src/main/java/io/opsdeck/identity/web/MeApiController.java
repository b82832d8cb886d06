package io.opsdeck.identity.web;

import java.util.TreeMap;
import java.util.TreeSet;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.internal.Caller;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: who the API thinks you are, so CI can check its token. */
@RestController
class MeApiController {

	@GetMapping("/api/v1/me")
	@PreAuthorize("isAuthenticated()")
	MeView me() {
		Caller caller = Caller.current();
		Actor actor = caller.actor();
		return new MeView(caller.username(), actor.role(), actor.kind().label(),
				(actor.kind() == Actor.Kind.TOKEN) ? actor.name() : null, new TreeMap<>(actor.environmentRoles()),
				(actor.environments() == null) ? null : new TreeSet<>(actor.environments()));
	}

}
