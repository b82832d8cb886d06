package io.opsdeck.approvals.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Each environment's approval policy (docs/approvals.md): whether its production-affecting launches need a second
 * admin. Off until an ADMIN of the environment switches it on; the gate reads it through
 * {@link ApprovalService#approvalRequired}.
 */
@Service
public class ApprovalPolicies {

	private static final Logger log = LoggerFactory.getLogger(ApprovalPolicies.class);

	private final ApprovalStore store;

	private final Inventory inventory;

	ApprovalPolicies(ApprovalStore store, Inventory inventory) {
		this.store = store;
		this.inventory = inventory;
	}

	/**
	 * @param environment environment name
	 * @return its policy (off when never set)
	 * @throws NotFoundException when the environment does not exist
	 */
	public ApprovalPolicy policy(String environment) {
		requireEnvironment(environment);
		return store.policy(environment).orElse(new ApprovalPolicy(environment, false, null, null));
	}

	/** @return every environment's policy, by environment name */
	public List<ApprovalPolicy> policies() {
		Map<String, ApprovalPolicy> stored = new LinkedHashMap<>();
		store.policies().forEach(policy -> stored.put(policy.environment(), policy));
		return inventory.environments()
			.stream()
			.map(env -> stored.getOrDefault(env.name(), new ApprovalPolicy(env.name(), false, null, null)))
			.toList();
	}

	/**
	 * @param environment environment name
	 * @param required the new policy
	 * @param actor who changes it: an ADMIN of the environment
	 * @return the policy saved
	 * @throws NotFoundException when the environment does not exist
	 * @throws AccessDeniedException when the actor is not an ADMIN of it
	 */
	public ApprovalPolicy savePolicy(String environment, boolean required, Actor actor) {
		requireEnvironment(environment);
		if (!actor.can(Role.ADMIN, environment)) {
			throw new AccessDeniedException("changing the approval policy of environment '" + environment
					+ "' needs the ADMIN role in it");
		}
		store.savePolicy(environment, required, actor.display(), Instant.now());
		log.info("Approval policy of environment '{}' set to approvalRequired={} by {}", environment, required,
				actor.display());
		return policy(environment);
	}

	private void requireEnvironment(String environment) {
		if (inventory.findEnvironment(environment).isEmpty()) {
			throw new NotFoundException("environment", environment);
		}
	}

}
