package io.opsdeck.drills.web;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.drills.internal.DrillSettingsDetails;
import io.opsdeck.drills.internal.DrillSettingsValues;
import org.jspecify.annotations.Nullable;

/**
 * Drill settings in the API: the shape of {@link DrillSettingsRequest} with every default filled in, plus the
 * server's name, and their {@code version} (raised by every save; the {@code ETag}).
 */
public record DrillSettingsView(String environment, @Nullable UUID serverId, @Nullable String server,
		Database database, @Nullable String mediaDir, @Nullable String appDir, @Nullable String startCommand,
		@Nullable String healthUrl, int healthTimeoutSeconds, int rtoTargetSeconds, int restoreJobs,
		boolean restoreNoOwner, boolean restoreNoAcl, Instant updatedAt, long version) {

	/** The database part. */
	public record Database(String name, String mode, String user, String host, int port, String composeService,
			String composeFile, @Nullable String becomeUser) {
	}

	static DrillSettingsView of(DrillSettingsDetails details) {
		DrillSettingsValues v = details.values();
		return new DrillSettingsView(details.environment(), v.serverId(), details.serverName(),
				new Database(v.dbName(), v.dbMode(), v.dbUser(), v.dbHost(), v.dbPort(), v.dbComposeService(), v.dbComposeFile(),
						v.dbBecomeUser()),
				v.mediaDir(), v.appDir(), v.startCommand(), v.healthUrl(), v.healthTimeoutSeconds(),
				v.rtoTargetSeconds(), v.restoreJobs(), v.restoreNoOwner(), v.restoreNoAcl(), details.updatedAt(),
				details.version());
	}

}
