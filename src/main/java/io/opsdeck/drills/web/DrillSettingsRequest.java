package io.opsdeck.drills.web;

import io.opsdeck.drills.internal.DrillSettingsRules;
import io.opsdeck.drills.internal.DrillSettingsSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code PUT /api/v1/environments/{name}/drill-settings}: how to restore the environment.
 *
 * <pre>
 * {"server":"web-1","database":{"name":"app","mode":"host","user":"postgres","port":5432},
 *  "mediaDir":"/srv/app/media","appDir":"/srv/app","startCommand":"docker compose -f compose.prod.yml up -d",
 *  "healthUrl":"http://127.0.0.1:8000/health","rtoTargetSeconds":1800,"restoreJobs":2}
 * </pre>
 *
 * @param server the server to restore on, by id or name; it must belong to the environment
 * @param database the database to restore
 * @param mediaDir absolute path of the media directory, or {@code null} when the application has no media
 * @param appDir absolute path of the application, where the start command runs
 * @param startCommand command that starts the application (run by the server's shell in {@code appDir}); empty: the
 * application is not started
 * @param healthUrl URL polled from the server until it answers 2xx; empty: no health check
 * @param healthTimeoutSeconds how long to poll it, 5-3600 seconds, default 300
 * @param rtoTargetSeconds the RTO target, 60-86400 seconds, default 1800 (seed: 30 minutes)
 * @param restoreJobs parallel {@code pg_restore} jobs, 1-32, default 2
 * @param restoreNoOwner {@code pg_restore --no-owner}, default true
 * @param restoreNoAcl {@code pg_restore --no-acl}, default true
 */
public record DrillSettingsRequest(@NotBlank @Size(max = 100) String server, @NotNull @Valid Database database,
		@Nullable @Size(max = 1024) @Pattern(regexp = DrillSettingsRules.ABSOLUTE_PATH,
				message = "must be an absolute path of letters, digits and ._@+- segments") String mediaDir,
		@Nullable @Size(max = 1024) @Pattern(regexp = DrillSettingsRules.ABSOLUTE_PATH,
				message = "must be an absolute path of letters, digits and ._@+- segments") String appDir,
		@Nullable @Size(max = 2048) @Pattern(regexp = DrillSettingsRules.ONE_LINE,
				message = "must be one line without control characters") String startCommand,
		@Nullable @Size(max = 2048) @Pattern(regexp = DrillSettingsRules.HTTP_URL,
				message = "must be an http:// or https:// URL") String healthUrl,
		@Nullable @Min(5) @Max(3600) Integer healthTimeoutSeconds,
		@Nullable @Min(60) @Max(86400) Integer rtoTargetSeconds, @Nullable @Min(1) @Max(32) Integer restoreJobs,
		@Nullable Boolean restoreNoOwner, @Nullable Boolean restoreNoAcl) {

	/**
	 * The database.
	 *
	 * @param name database name (a PostgreSQL identifier)
	 * @param mode {@code host} (PostgreSQL on the server) or {@code docker} (in a compose service)
	 * @param user database role for dumps and restores, default {@code postgres}
	 * @param host host as seen from the server (host mode), default {@code 127.0.0.1}
	 * @param port port, default 5432
	 * @param composeService compose service of the database (docker mode), default {@code postgres}
	 * @param composeFile compose file in {@code appDir} (docker mode), default {@code compose.prod.yml}
	 * @param becomeUser OS user to run database commands as (e.g. {@code postgres} for peer authentication), or
	 * {@code null}
	 */
	public record Database(@NotBlank @Pattern(regexp = DrillSettingsRules.IDENTIFIER,
			message = "must be a database name of letters, digits, _ and -, at most 63") String name,
			@Nullable @Pattern(regexp = "^(host|docker)$", message = "must be host or docker") String mode,
			@Nullable @Pattern(regexp = DrillSettingsRules.IDENTIFIER,
					message = "must be a role name of letters, digits, _ and -, at most 63") String user,
			@Nullable @Size(max = 255) @Pattern(regexp = "^[A-Za-z0-9.:_-]+$",
					message = "must be a host name or IP address") String host,
			@Nullable @Min(1) @Max(65535) Integer port,
			@Nullable @Pattern(regexp = DrillSettingsRules.SERVICE,
					message = "must be a compose service name") String composeService,
			@Nullable @Pattern(regexp = DrillSettingsRules.COMPOSE_FILE,
					message = "must be a file name in the application directory, e.g. compose.prod.yml") String composeFile,
			@Nullable @Pattern(regexp = DrillSettingsRules.OS_USER,
					message = "must be an OS user name") String becomeUser) {
	}

	DrillSettingsSpec toSpec() {
		return new DrillSettingsSpec(server, database.name(), database.mode(), database.user(), database.host(),
				database.port(), database.composeService(), database.composeFile(), database.becomeUser(), mediaDir, appDir, startCommand,
				healthUrl, healthTimeoutSeconds, rtoTargetSeconds, restoreJobs, restoreNoOwner, restoreNoAcl);
	}

}
