package io.opsdeck.execution.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunQueued;
import io.opsdeck.execution.RunRequest;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.Runs;
import io.opsdeck.identity.Actor;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.Constraints;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts, cancels and finds runs. A launch has the request checked and turned into a run by {@link RunPreparation}
 * (targets exist, the playbook resolves inside the playbook directory, variables are allowed, the actor may use the
 * local connection, secret extra vars sealed under the master key), keeps one exclusive run per environment, stores
 * the run {@code QUEUED} and wakes the dispatcher ({@link RunQueued}).
 */
@Service
public class RunService implements Runs {

	private final RunRepository runs;

	private final RunTransitions transitions;

	private final RunPreparation preparation;

	private final LocalRuns localRuns;

	private final io.opsdeck.execution.internal.output.OutputService outputs;

	private final ApplicationEventPublisher events;

	private final PlatformTransactionManager transactionManager;

	private final RunList list;

	RunService(RunRepository runs, RunTransitions transitions, RunPreparation preparation, LocalRuns localRuns,
			io.opsdeck.execution.internal.output.OutputService outputs, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager, RunList list) {
		this.transactionManager = transactionManager;
		this.list = list;
		this.runs = runs;
		this.transitions = transitions;
		this.preparation = preparation;
		this.localRuns = localRuns;
		this.outputs = outputs;
		this.events = events;
	}

	@Override
	@Transactional
	public UUID launch(RunRequest request, Actor actor) {
		Run run = preparation.prepare(request, actor);
		if (run.isExclusive()) {
			runs.findActiveExclusive(run.getEnvironment()).ifPresent(active -> {
				throw conflict(run.getEnvironment(), active);
			});
			try {
				runs.saveAndFlush(run);
			}
			catch (DataIntegrityViolationException ex) {
				if (Constraints.violated(ex, Constraints.UNIQUE, "runs_one_exclusive_per_environment")) {
					throw conflictAfterRace(run.getEnvironment());
				}
				throw ex;
			}
		}
		else {
			runs.save(run);
		}
		events.publishEvent(new RunQueued(run.getId(), run.getKind(), run.getEnvironment(),
				run.getPlaybook(), run.getLabel(), run.getTriggeredBy(), run.getTriggeredByRole()));
		return run.getId();
	}

	/**
	 * Another node (or thread) queued an exclusive run between our check and our insert; the partial unique index
	 * refused ours. Our transaction is aborted, so the holder is read in a new one: the same answer as the check
	 * before the insert. The holder may have ended meanwhile (then the message says so without naming it).
	 */
	private ConflictException conflictAfterRace(String environment) {
		TransactionTemplate lookup = new TransactionTemplate(transactionManager);
		lookup.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		lookup.setReadOnly(true);
		Run active = lookup.execute(status -> runs.findActiveExclusive(environment).orElse(null));
		if (active != null) {
			return conflict(environment, active);
		}
		return new ConflictException("environment '" + environment + "' is busy: another drill, backup or update "
				+ "was queued at the same moment; one drill, backup or update at a time");
	}

	/** The one wording of "environment busy" (issue 7: the loser gets 409 naming the holder). */
	private static ConflictException conflict(String environment, Run active) {
		String what = (active.getLabel() != null) ? active.getLabel() : "run";
		return new ConflictException("environment '" + environment + "' is busy: " + what + " " + active.getId()
				+ " is " + active.getStatus().name().toLowerCase(java.util.Locale.ROOT) + " (triggered by "
				+ active.getTriggeredBy() + "); one drill, backup or update at a time");
	}

	@Override
	public RunStatus cancel(UUID id, Actor actor) {
		RunStatus status = status(id);
		if (status.isTerminal()) {
			throw new ConflictException("run " + id + " has already ended (" + status + ")");
		}
		if (status == RunStatus.QUEUED && transitions.cancelQueued(id, actor.display())) {
			return RunStatus.CANCELLED;
		}
		if (transitions.requestCancel(id, actor.display())) {
			localRuns.find(id).ifPresent(control -> control.stop(RunStatus.CANCELLED, "Cancelled by " + actor.display()));
			return RunStatus.RUNNING;
		}
		RunStatus now = status(id);
		if (now.isTerminal()) {
			throw new ConflictException("run " + id + " has already ended (" + now + ")");
		}
		return now;
	}

	@Override
	public RunStatus status(UUID id) {
		return transitions.status(id).orElseThrow(() -> new NotFoundException("run", id));
	}

	@Override
	@Transactional(readOnly = true)
	public java.util.Optional<io.opsdeck.execution.RunSummary> find(UUID id) {
		return runs.findById(id).map(RunMapping::summary);
	}

	@Override
	public List<io.opsdeck.execution.RunLine> lines(UUID id, long afterSeq, int max) {
		return outputs.after(id, afterSeq, Math.max(1, Math.min(max, 10_000)))
			.stream()
			.map(line -> new io.opsdeck.execution.RunLine(line.seq(), java.time.Instant.ofEpochMilli(line.timeMillis()),
					line.stream().value(), line.host(), line.text()))
			.toList();
	}

	@Override
	@Transactional(readOnly = true)
	public List<io.opsdeck.execution.RunSummary> recent(int limit) {
		return runs
			.findAll(org.springframework.data.domain.PageRequest.of(0, limit,
					org.springframework.data.domain.Sort.by(org.springframework.data.domain.Sort.Order.desc("createdAt"))))
			.map(RunMapping::summary)
			.getContent();
	}

	/**
	 * @param id run id
	 * @return the run with its hosts
	 * @throws NotFoundException when it does not exist
	 */
	@Transactional(readOnly = true)
	public Run get(UUID id) {
		Run run = runs.findById(id).orElseThrow(() -> new NotFoundException("run", id));
		run.getHosts().size();
		return run;
	}

	/**
	 * @param filter optional status, kind and environment
	 * @param pageable page and size; always sorted newest first
	 * @return one page of runs with the exact total (see {@link RunList}: one query for the page, a sum over a few
	 * rows of {@code run_counts} for the total, no count of every run)
	 */
	public Page<io.opsdeck.execution.RunSummary> list(RunFilter filter, Pageable pageable) {
		return list.page(filter, pageable);
	}

	/**
	 * Filters for {@link #list}; {@code null} means any.
	 * @param scope a scoped token's environments ({@code EnvironmentAccess.listScope}): only runs stored with one of
	 * them are listed and counted; {@code null} for every environment
	 */
	public record RunFilter(RunStatus status, RunKind kind, String environment, @Nullable Set<String> scope) {

		/** A filter without a token scope (every environment): pages, sessions and unscoped tokens. */
		public RunFilter(RunStatus status, RunKind kind, String environment) {
			this(status, kind, environment, null);
		}

	}

}
