package io.opsdeck.drills.internal;

import org.jspecify.annotations.Nullable;

/**
 * Drill settings as a client sent them (already checked against {@link DrillSettingsRules}); {@code null} and blank
 * values take the defaults of {@link DrillSettingsService#save}.
 */
public record DrillSettingsSpec(String server, String dbName, @Nullable String dbMode, @Nullable String dbUser,
		@Nullable String dbHost, @Nullable Integer dbPort, @Nullable String dbComposeService, @Nullable String dbComposeFile,
		@Nullable String dbBecomeUser, @Nullable String mediaDir, @Nullable String appDir,
		@Nullable String startCommand, @Nullable String healthUrl, @Nullable Integer healthTimeoutSeconds,
		@Nullable Integer rtoTargetSeconds, @Nullable Integer restoreJobs, @Nullable Boolean restoreNoOwner,
		@Nullable Boolean restoreNoAcl) {
}
