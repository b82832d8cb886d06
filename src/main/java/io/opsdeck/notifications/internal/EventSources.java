package io.opsdeck.notifications.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import io.opsdeck.drills.DrillFinished;
import io.opsdeck.drills.DrillStatus;
import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.RunSummary;
import io.opsdeck.execution.Runs;
import io.opsdeck.health.HealthCheckCompleted;
import io.opsdeck.health.HealthStatus;
import io.opsdeck.notifications.NotificationEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns other modules' events into notifications: a run that failed ({@code FAILED}, {@code TIMED_OUT},
 * {@code INTERRUPTED}; a cancelled run is someone's decision, not a failure), a drill that failed or breached its
 * RTO target, a server whose health became {@code CRITICAL}. Each event's id derives from what happened, so a
 * repeated application event notifies once. A failure here is logged and never reaches the publisher.
 */
@Component
class EventSources {

	private static final Logger log = LoggerFactory.getLogger(EventSources.class);

	static final Set<RunStatus> FAILED_RUNS = EnumSet.of(RunStatus.FAILED, RunStatus.TIMED_OUT,
			RunStatus.INTERRUPTED);

	private final Outbox outbox;

	private final Runs runs;

	EventSources(Outbox outbox, Runs runs) {
		this.outbox = outbox;
		this.runs = runs;
	}

	@EventListener
	void on(RunFinished finished) {
		if (!FAILED_RUNS.contains(finished.status())) {
			return;
		}
		safely(() -> {
			RunSummary run = runs.find(finished.runId()).orElse(null);
			String what = (run == null) ? finished.kind().name().toLowerCase() + " run"
					: (run.label() != null) ? run.label()
					: (run.playbook() != null) ? "ansible " + run.playbook() : finished.kind().name().toLowerCase() + " run";
			StringBuilder summary = new StringBuilder(what).append(" ended ").append(finished.status());
			if (finished.exitCode() != null) {
				summary.append(" (exit ").append(finished.exitCode()).append(')');
			}
			summary.append(" after ").append(seconds(finished.duration())).append(", triggered by ")
				.append(finished.triggeredBy()).append('.');
			if (run != null && run.message() != null) {
				summary.append(' ').append(Text.cap(run.message(), 500));
			}
			outbox.raise(new NotificationEvent(NotificationEvent.idOf(NotificationEventType.RUN_FAILED, finished.runId()),
					NotificationEventType.RUN_FAILED, finished.environment(), "run " + finished.runId(),
					summary.toString(), "/runs/" + finished.runId(), false, false, Instant.now()));
		});
	}

	@EventListener
	void on(DrillFinished drill) {
		safely(() -> {
			String subject = "drill " + drill.drillId();
			String link = "/drills/" + drill.drillId();
			String measured = (drill.durationSeconds() == null) ? "not measured"
					: Math.round(drill.durationSeconds()) + " s";
			if (drill.status() == DrillStatus.FAILED) {
				outbox.raise(new NotificationEvent(NotificationEvent.idOf(NotificationEventType.DRILL_FAILED, drill.drillId()),
						NotificationEventType.DRILL_FAILED, drill.environment(), subject,
						"The " + drill.type().name().toLowerCase() + " DR drill of " + drill.environment()
								+ " FAILED (recovery time " + measured + ", triggered by " + drill.triggeredBy() + ").",
						link, false, false, drill.finishedAt()));
			}
			if (drill.rtoBreached()) {
				outbox.raise(new NotificationEvent(
						NotificationEvent.idOf(NotificationEventType.DRILL_RTO_BREACHED, drill.drillId()),
						NotificationEventType.DRILL_RTO_BREACHED, drill.environment(), subject,
						"The DR drill of " + drill.environment() + " took " + measured + ", over its RTO target of "
								+ drill.rtoTargetSeconds() + " s (status " + drill.status() + ").",
						link, false, false, drill.finishedAt()));
			}
		});
	}

	@EventListener
	void on(HealthCheckCompleted check) {
		if (check.status() != HealthStatus.CRITICAL || check.previous() == HealthStatus.CRITICAL) {
			return;
		}
		safely(() -> {
			String reasons = check.reasons().isEmpty() ? "" : ": " + String.join("; ", check.reasons());
			outbox.raise(new NotificationEvent(
					NotificationEvent.idOf(NotificationEventType.HEALTH_CRITICAL, check.serverId(), check.runId()),
					NotificationEventType.HEALTH_CRITICAL, check.environment(), check.server(),
					"Server " + check.server() + " is CRITICAL (was " + ((check.previous() == null) ? "unchecked"
							: check.previous()) + ")" + reasons,
					"/servers/" + check.serverId() + "/health", false, false, check.checkedAt()));
		});
	}

	private static String seconds(Duration duration) {
		return duration.toSeconds() + " s";
	}

	private static void safely(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			log.error("Could not queue a notification: {}", ex.toString(), ex);
		}
	}

}
