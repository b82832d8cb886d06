package io.opsdeck.inventory.internal;

import org.jspecify.annotations.Nullable;

/**
 * An environment as a client wants it, already checked by Bean Validation ({@link InventoryRules}).
 *
 * @param name unique name, e.g. {@code staging}
 * @param kind {@code development}, {@code staging} or {@code production}
 * @param cloudProvider {@code aws} or {@code digitalocean}
 * @param region e.g. {@code us-east-1}
 * @param description free text, at most 500 characters
 */
public record EnvironmentSpec(String name, String kind, String cloudProvider, String region,
		@Nullable String description) {
}
