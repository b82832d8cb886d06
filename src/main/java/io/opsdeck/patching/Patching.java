package io.opsdeck.patching;

import java.util.UUID;

import io.opsdeck.identity.Actor;

/**
 * The patching module's API (docs/design/schedules-contract.md). Placeholder of the lead until the module lands.
 */
public interface Patching {

	/**
	 * @param environment environment name
	 * @param request what to update
	 * @param actor who asked
	 * @return the run id
	 */
	UUID launch(String environment, PatchRequest request, Actor actor);

}
