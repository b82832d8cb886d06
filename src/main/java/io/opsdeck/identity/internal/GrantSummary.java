package io.opsdeck.identity.internal;

import java.time.Instant;

import io.opsdeck.identity.Role;

/**
 * A per-environment grant: {@code username} has at least {@code role} in {@code environment}.
 *
 * @param username the user
 * @param environment the environment's name (it need not exist: grants are kept by name)
 * @param role the granted role; below the user's base role it has no effect
 * @param grantedBy who granted it, as {@code kind:name}
 * @param grantedAt when it was granted or last changed
 */
public record GrantSummary(String username, String environment, Role role, String grantedBy, Instant grantedAt) {
}
