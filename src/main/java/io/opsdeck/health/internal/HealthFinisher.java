package io.opsdeck.health.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opsdeck.execution.FinishedRuns;
import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.RunSummary;
import io.opsdeck.execution.Runs;
import io.opsdeck.health.CheckResult;
import io.opsdeck.health.HealthCheck;
import io.opsdeck.health.HealthCheckCompleted;
import io.opsdeck.health.HealthStatus;
import io.opsdeck.health.HealthThresholds;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stores the per-host results of every finished {@code health-check.yml} run, whoever started it (the health API,
 * a schedule, {@code POST /api/v1/runs}, {@code scripts/health-check.sh}): on {@link RunFinished}, or, for runs that
 * ended while no node was listening, by the periodic reconciliation. The row lock on {@code health_runs} lets exactly
 * one node store a run. After the commit it publishes one {@link HealthCheckCompleted} per stored server.
 * <p>
 * A host that ran tasks but printed no report (unreachable, or failed before the probe) is stored as
 * {@link HealthStatus#UNKNOWN}; so is every targeted server of a run the health module started that ended before
 * touching it.
 */
@Component
class HealthFinisher {

	private static final Logger log = LoggerFactory.getLogger(HealthFinisher.class);


	/** How many recent runs the reconciliation looks through for health-check runs started elsewhere. */
	private static final int RECENT = 200;

	private final HealthStore store;

	private final Runs runs;

	private final Inventory inventory;

	private final HealthMetrics metrics;

	private final HealthProperties properties;

	private final FinishedRuns finishedRuns;

	private final ApplicationEventPublisher events;

	HealthFinisher(HealthStore store, Runs runs, Inventory inventory, HealthMetrics metrics,
			HealthProperties properties, FinishedRuns finishedRuns, ApplicationEventPublisher events) {
		this.store = store;
		this.runs = runs;
		this.inventory = inventory;
		this.metrics = metrics;
		this.properties = properties;
		this.finishedRuns = finishedRuns;
		this.events = events;
	}

	@EventListener
	void on(RunFinished finished) {
		if (finished.kind() != RunKind.ANSIBLE) {
			return;
		}
		try {
			runs.find(finished.runId()).filter(this::isHealthCheck).ifPresent(run -> {
				store.recordRun(run.id(), run.environment(), null, null, run.createdAt());
				finish(run.id());
			});
		}
		catch (RuntimeException ex) {
			// never fail the run engine's publisher: the reconciliation tries again
			log.warn("Could not store the results of health-check run {} yet: {}", finished.runId(), ex.toString());
		}
	}

	/** Stores the results of health-check runs that ended unnoticed (or whose run no longer exists). */
	@Scheduled(initialDelayString = "${opsdeck.health.reconcile-interval:30s}",
			fixedDelayString = "${opsdeck.health.reconcile-interval:30s}")
	void reconcile() {
		List<RunSummary> recent = runs.recent(RECENT).stream().filter(this::isHealthCheck).toList();
		var known = store.knownRuns(recent.stream().map(RunSummary::id).toList());
		recent.stream()
			.filter(run -> !known.contains(run.id()) && RunStatus.valueOf(run.status()).isTerminal())
			.forEach(run -> store.recordRun(run.id(), run.environment(), null, null, run.createdAt()));
		finishedRuns.reconcile(store.openRuns(), this::finish);
	}

	/**
	 * Stores one run's results, unless it is still going or another node did it, then publishes the events.
	 * @param runId the health-check run
	 * @return how many servers' results were stored
	 */
	int finish(UUID runId) {
		List<HealthCheckCompleted> completed = finishedRuns.store("Health-check run", runId, store::findRun,
				store::claim, (run, summary) -> store(run, summary, HealthReports.parse(runs.allLines(runId))),
				List.of());
		if (completed.isEmpty()) {
			return 0;
		}
		metrics.refresh();
		completed.forEach(events::publishEvent);
		return completed.size();
	}

	private List<HealthCheckCompleted> store(HealthStore.HealthRun run, RunSummary summary,
			HealthReports.Parsed parsed) {
		Map<String, ServerTarget> servers;
		try {
			servers = inventory.serversOf(run.environment())
				.stream()
				.collect(Collectors.toMap(ServerTarget::name, Function.identity()));
		}
		catch (NotFoundException ex) {
			log.warn("Health-check run {}: environment {} no longer exists", run.runId(), run.environment());
			return List.of();
		}
		HealthThresholds thresholds = (run.thresholds() != null) ? run.thresholds()
				: HealthService.thresholdsOf(store, inventory, run.environment());
		Map<String, ServerTarget> targets = new LinkedHashMap<>();
		if (run.thresholds() != null) {
			// started by the health module: it knows what the run was meant to check
			servers.values()
				.stream()
				.filter(server -> run.serverId() == null || server.id().equals(run.serverId()))
				.forEach(server -> targets.put(server.name(), server));
		}
		for (String host : parsed.seen()) {
			ServerTarget server = servers.get(host);
			if (server == null) {
				log.warn("Health-check run {} reported on '{}', which is not a server of {}", run.runId(), host,
						run.environment());
				continue;
			}
			targets.put(host, server);
		}
		Instant now = Instant.now();
		String missing = switch (RunStatus.valueOf(summary.status())) {
			case CANCELLED -> "not checked: the run was cancelled";
			case TIMED_OUT -> "not checked: the run timed out";
			case INTERRUPTED -> "not checked: the run was interrupted";
			default -> "not checked: unreachable, or the run failed before the probe";
		};
		List<HealthCheckCompleted> completed = new ArrayList<>();
		for (ServerTarget server : targets.values()) {
			JsonNode report = parsed.reports().get(server.name());
			Map<HealthCheck, CheckResult> checks = (report != null) ? HealthJudge.judge(report, thresholds)
					: HealthJudge.unknown(missing);
			HealthStatus status = (report != null) ? HealthJudge.overall(checks) : HealthStatus.UNKNOWN;
			List<String> reasons = (report != null) ? HealthJudge.reasons(checks) : List.of(missing);
			HealthStatus previous = store.latestStatus(server.id()).orElse(null);
			store.saveResult(run.runId(), server.id(), status, reasons, (report != null) ? report.toString() : null,
					now, checks);
			completed.add(new HealthCheckCompleted(server.id(), server.name(), run.environment(), status, previous,
					reasons, run.runId(), now));
		}
		log.info("Health-check run {} on {}: stored the health of {} server(s)", run.runId(), run.environment(),
				completed.size());
		return completed;
	}

	private boolean isHealthCheck(RunSummary run) {
		return "ansible".equalsIgnoreCase(run.kind()) && properties.playbook().equals(run.playbook())
				&& run.environment() != null;
	}


}
