package io.opsdeck.inventory;

import java.util.UUID;

/**
 * An environment as other modules see it.
 *
 * @param id identifier
 * @param name unique name, e.g. {@code staging}
 * @param kind {@code development}, {@code staging} or {@code production} (seed: Supported Environments)
 * @param cloudProvider {@code aws} or {@code digitalocean}
 * @param region provider region, e.g. {@code us-east-1}, {@code fra1}
 */
public record EnvironmentSummary(UUID id, String name, String kind, String cloudProvider, String region) {
}
