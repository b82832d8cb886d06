package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * One schedule (table {@code schedules}): what it does ({@link ScheduleAction} with its parameters as JSON), on which
 * environment, when (Quartz cron in a time zone) and what happens to missed fire times.
 */
@Entity
@Table(name = "schedules")
class Schedule {

	@Id
	private UUID id;

	private String name;

	private String action;

	@Column(name = "environment_id")
	private UUID environmentId;

	@JdbcTypeCode(SqlTypes.JSON)
	private String parameters;

	private String cron;

	@Column(name = "time_zone")
	private String timeZone;

	@Column(name = "misfire_policy")
	private String misfirePolicy;

	private boolean paused;

	@Column(name = "recovery_policy")
	private String recoveryPolicy = RecoveryPolicy.NONE.value();

	@Column(name = "recovery_window_minutes")
	private int recoveryWindowMinutes = 60;

	private @Nullable String description;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "created_by")
	private String createdBy;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Column(name = "updated_by")
	private String updatedBy;

	@Version
	private long version;

	protected Schedule() {
	}

	Schedule(ScheduleSpec spec, String actor) {
		this.id = UUID.randomUUID();
		this.createdAt = Instant.now();
		this.createdBy = actor;
		apply(spec, actor);
	}

	/** Replaces everything a user can edit. */
	void apply(ScheduleSpec spec, String actor) {
		this.name = spec.name();
		this.action = spec.action().value();
		this.environmentId = spec.environmentId();
		this.parameters = spec.parametersJson();
		this.cron = spec.cron();
		this.timeZone = spec.timeZone();
		this.misfirePolicy = spec.misfirePolicy().value();
		this.paused = spec.paused();
		this.description = spec.description();
		this.recoveryPolicy = spec.recoveryPolicy().value();
		this.recoveryWindowMinutes = spec.recoveryWindowMinutes();
		touch(actor);
	}

	void pause(boolean paused, String actor) {
		this.paused = paused;
		touch(actor);
	}

	private void touch(String actor) {
		this.updatedAt = Instant.now();
		this.updatedBy = actor;
	}

	UUID id() {
		return id;
	}

	String name() {
		return name;
	}

	ScheduleAction action() {
		return ScheduleAction.fromValue(action);
	}

	UUID environmentId() {
		return environmentId;
	}

	String parametersJson() {
		return parameters;
	}

	String cron() {
		return cron;
	}

	String timeZone() {
		return timeZone;
	}

	MisfirePolicy misfirePolicy() {
		return MisfirePolicy.fromValue(misfirePolicy);
	}

	boolean paused() {
		return paused;
	}

	RecoveryPolicy recoveryPolicy() {
		return RecoveryPolicy.fromValue(recoveryPolicy);
	}

	int recoveryWindowMinutes() {
		return recoveryWindowMinutes;
	}

	@Nullable String description() {
		return description;
	}

	Instant createdAt() {
		return createdAt;
	}

	String createdBy() {
		return createdBy;
	}

	Instant updatedAt() {
		return updatedAt;
	}

	String updatedBy() {
		return updatedBy;
	}

	long version() {
		return version;
	}

}
