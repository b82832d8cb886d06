package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * One fire of a schedule (table {@code schedule_fires}), unique per schedule and scheduled time.
 */
@Entity
@Table(name = "schedule_fires")
class ScheduleFire {

	/** How a fire ended up. */
	enum Outcome {
		/** A run was queued; its status is the result. */
		STARTED,
		/** Opsdeck is performing the action itself. */
		RUNNING,
		/** The action Opsdeck performed itself succeeded. */
		SUCCEEDED,
		/** The action Opsdeck performed itself failed, or could not be started for an unexpected reason. */
		FAILED,
		/** Nothing was started (environment busy, policy, missing settings); the message says why. */
		SKIPPED
	}

	@Id
	private UUID id;

	@Column(name = "schedule_id")
	private UUID scheduleId;

	@Column(name = "scheduled_for")
	private Instant scheduledFor;

	@Column(name = "fired_at")
	private Instant firedAt;

	@Column(name = "finished_at")
	private @Nullable Instant finishedAt;

	private boolean manual;

	@Column(name = "triggered_by")
	private String triggeredBy;

	private String node;

	@Enumerated(EnumType.STRING)
	private Outcome outcome;

	@Column(name = "run_id")
	private @Nullable UUID runId;

	private @Nullable String message;

	@JdbcTypeCode(SqlTypes.JSON)
	private @Nullable String details;

	/** Written only by {@link InterruptedFireRecovery} (a conditional update), never by JPA. */
	@Column(name = "recovery_run_id", insertable = false, updatable = false)
	private @Nullable UUID recoveryRunId;

	@Column(name = "recovery_message", insertable = false, updatable = false)
	private @Nullable String recoveryMessage;

	protected ScheduleFire() {
	}

	ScheduleFire(UUID scheduleId, Instant scheduledFor, boolean manual, String triggeredBy, String node,
			Outcome outcome, @Nullable UUID runId, @Nullable String message) {
		this.id = UUID.randomUUID();
		this.scheduleId = scheduleId;
		this.scheduledFor = scheduledFor;
		this.firedAt = Instant.now();
		this.manual = manual;
		this.triggeredBy = triggeredBy;
		this.node = node;
		this.outcome = outcome;
		this.runId = runId;
		this.message = clip(message);
		if (outcome != Outcome.RUNNING) {
			this.finishedAt = (outcome == Outcome.STARTED) ? null : this.firedAt;
		}
	}

	void finish(Outcome outcome, @Nullable String message, @Nullable String details) {
		this.outcome = outcome;
		this.message = clip(message);
		this.details = details;
		this.finishedAt = Instant.now();
	}

	private static @Nullable String clip(@Nullable String message) {
		return (message == null || message.length() <= 2000) ? message : message.substring(0, 1997) + "...";
	}

	UUID id() {
		return id;
	}

	UUID scheduleId() {
		return scheduleId;
	}

	Instant scheduledFor() {
		return scheduledFor;
	}

	Instant firedAt() {
		return firedAt;
	}

	@Nullable Instant finishedAt() {
		return finishedAt;
	}

	boolean manual() {
		return manual;
	}

	String triggeredBy() {
		return triggeredBy;
	}

	String node() {
		return node;
	}

	Outcome outcome() {
		return outcome;
	}

	@Nullable UUID runId() {
		return runId;
	}

	@Nullable String message() {
		return message;
	}

	@Nullable String details() {
		return details;
	}

	@Nullable UUID recoveryRunId() {
		return recoveryRunId;
	}

	@Nullable String recoveryMessage() {
		return recoveryMessage;
	}

}
