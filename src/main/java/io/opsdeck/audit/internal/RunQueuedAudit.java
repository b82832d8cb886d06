package io.opsdeck.audit.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.opsdeck.execution.RunQueued;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records queued runs (issue 7, "Audit log": run start). A run queued by an HTTP request is already that request's
 * entry: its id is added to the entry's detail. A run queued without a request (a schedule's fire, Opsdeck itself,
 * a drill's later step) becomes an entry of its own: action {@code RUN_QUEUED}, actor {@code schedule:<name>} etc.,
 * target {@code run=<id>}. Only after commit: a launch that rolls back (a second node already fired) queued nothing.
 */
@Component
class RunQueuedAudit {

	static final String RUN_QUEUED = "RUN_QUEUED";

	private final AuditWriter writer;

	RunQueuedAudit(AuditWriter writer) {
		this.writer = writer;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(RunQueued queued) {
		Optional<AuditContext> request = AuditContext.current();
		if (request.isPresent()) {
			request.get().note("run " + queued.runId() + " queued");
			request.get().environment(queued.environment());
			return;
		}
		String what = (queued.playbook() != null) ? queued.playbook() : queued.kind().name().toLowerCase(Locale.ROOT);
		String detail = (queued.label() != null) ? queued.label() + ": " + what : what;
		writer.write(new AuditEntry(Instant.now(), queued.triggeredBy(), queued.triggeredByRole().name(), null,
				RUN_QUEUED, "run=" + queued.runId(), queued.environment(), AuditOutcome.SUCCESS, null, detail));
	}

}
