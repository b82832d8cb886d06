package io.opsdeck.execution;

import java.util.UUID;

import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

/**
 * A run was stored as {@code QUEUED}. Published inside the launching transaction; listen with
 * {@code @TransactionalEventListener} to act after commit. The execution module's dispatcher looks for work at once
 * instead of at its next poll; the audit log records runs queued without an HTTP request (schedules, Opsdeck itself;
 * issue 7, "Audit log": run start) and adds the run id to the entry of the request that queued one.
 * <p>
 * Carries no command text or variables: an SSH command or extra vars may hold a secret.
 *
 * @param runId the run
 * @param kind run kind
 * @param environment environment name, or {@code null} for an SSH run over servers of several environments
 * @param playbook playbook path for an Ansible run, else {@code null}
 * @param label what the run is for (e.g. {@code drill}), or {@code null}
 * @param triggeredBy {@code kind:name} of the actor, e.g. {@code schedule:nightly-health}
 * @param triggeredByRole the actor's base role
 */
public record RunQueued(UUID runId, RunKind kind, @Nullable String environment, @Nullable String playbook,
		@Nullable String label, String triggeredBy, Role triggeredByRole) {
}
