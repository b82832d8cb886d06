package io.opsdeck.approvals.internal;

import java.util.Optional;

import io.opsdeck.identity.EnvironmentResolver;

import org.springframework.stereotype.Component;

/** {@code @RequiresEnvironmentRole(resolver = "approval")}: an approval request's id to its environment. */
@Component
class ApprovalEnvironmentResolver implements EnvironmentResolver {

	/** The resolver name. */
	static final String RESOURCE = "approval";

	private final ApprovalStore store;

	ApprovalEnvironmentResolver(ApprovalStore store) {
		this.store = store;
	}

	@Override
	public String resource() {
		return RESOURCE;
	}

	@Override
	public Optional<String> environmentOf(String id) {
		return EnvironmentResolver.uuid(id).flatMap(store::environmentOf);
	}

}
