package io.opsdeck.patching.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One package an update run changed on a server.
 *
 * @param runId the update run
 * @param server server name at the time
 * @param name package name
 * @param from version before, or {@code null} (newly installed)
 * @param to version after, or {@code null} (removed)
 * @param upgradedAt when the run reported it
 */
public record PackageUpgrade(UUID runId, String server, String name, @Nullable String from, @Nullable String to,
		Instant upgradedAt) {
}
