package io.opsdeck.drills.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * How to restore one environment (table {@code drill_settings}): the server to restore on, its database and media,
 * how to start and health-check the application, and the RTO target.
 */
@Entity
@Table(name = "drill_settings")
public class DrillSettings {

	@Id
	@Column(name = "environment_id")
	private UUID environmentId;

	@Column(name = "server_id")
	private @Nullable UUID serverId;

	@Column(name = "db_name")
	private String dbName;

	@Column(name = "db_mode")
	private String dbMode;

	@Column(name = "db_user")
	private String dbUser;

	@Column(name = "db_host")
	private String dbHost;

	@Column(name = "db_port")
	private int dbPort;

	@Column(name = "db_compose_service")
	private String dbComposeService;

	@Column(name = "db_compose_file")
	private String dbComposeFile;

	@Column(name = "db_become_user")
	private @Nullable String dbBecomeUser;

	@Column(name = "media_dir")
	private @Nullable String mediaDir;

	@Column(name = "app_dir")
	private @Nullable String appDir;

	@Column(name = "start_command")
	private @Nullable String startCommand;

	@Column(name = "health_url")
	private @Nullable String healthUrl;

	@Column(name = "health_timeout_seconds")
	private int healthTimeoutSeconds;

	@Column(name = "rto_target_seconds")
	private int rtoTargetSeconds;

	@Column(name = "restore_jobs")
	private int restoreJobs;

	@Column(name = "restore_no_owner")
	private boolean restoreNoOwner;

	@Column(name = "restore_no_acl")
	private boolean restoreNoAcl;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Version
	private long version;

	protected DrillSettings() {
	}

	DrillSettings(UUID environmentId) {
		this.environmentId = environmentId;
	}

	void update(DrillSettingsValues values) {
		this.serverId = values.serverId();
		this.dbName = values.dbName();
		this.dbMode = values.dbMode();
		this.dbUser = values.dbUser();
		this.dbHost = values.dbHost();
		this.dbPort = values.dbPort();
		this.dbComposeService = values.dbComposeService();
		this.dbComposeFile = values.dbComposeFile();
		this.dbBecomeUser = values.dbBecomeUser();
		this.mediaDir = values.mediaDir();
		this.appDir = values.appDir();
		this.startCommand = values.startCommand();
		this.healthUrl = values.healthUrl();
		this.healthTimeoutSeconds = values.healthTimeoutSeconds();
		this.rtoTargetSeconds = values.rtoTargetSeconds();
		this.restoreJobs = values.restoreJobs();
		this.restoreNoOwner = values.restoreNoOwner();
		this.restoreNoAcl = values.restoreNoAcl();
		this.updatedAt = Instant.now();
	}

	/** @return the settings as a value */
	DrillSettingsValues values() {
		return new DrillSettingsValues(serverId, dbName, dbMode, dbUser, dbHost, dbPort, dbComposeService, dbComposeFile,
				dbBecomeUser, mediaDir, appDir, startCommand, healthUrl, healthTimeoutSeconds, rtoTargetSeconds,
				restoreJobs, restoreNoOwner, restoreNoAcl);
	}

	UUID getEnvironmentId() {
		return environmentId;
	}

	Instant getUpdatedAt() {
		return updatedAt;
	}

	long getVersion() {
		return version;
	}

}
