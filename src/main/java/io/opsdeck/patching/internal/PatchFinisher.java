package io.opsdeck.patching.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opsdeck.execution.FinishedRuns;
import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.Runs;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stores what an update run's hosts reported once the run has ended: on {@link RunFinished}, or, for runs that
 * ended while no node was listening (a restart, a crash), by the periodic reconciliation. Several nodes may race;
 * the row lock on {@code patch_runs} lets exactly one store the reports.
 */
@Component
class PatchFinisher {

	private static final Logger log = LoggerFactory.getLogger(PatchFinisher.class);


	private final PatchStore store;

	private final Runs runs;

	private final FinishedRuns finishedRuns;

	private final Inventory inventory;

	private final PatchMetrics metrics;

	PatchFinisher(PatchStore store, Runs runs, FinishedRuns finishedRuns, Inventory inventory, PatchMetrics metrics) {
		this.store = store;
		this.runs = runs;
		this.finishedRuns = finishedRuns;
		this.inventory = inventory;
		this.metrics = metrics;
	}

	@EventListener
	void on(RunFinished finished) {
		try {
			store.findRun(finished.runId())
				.filter(run -> run.processedAt() == null)
				.ifPresent(run -> finish(run.runId()));
		}
		catch (RuntimeException ex) {
			// never fail the run engine's publisher: the reconciliation tries again
			log.warn("Could not store the reports of update run {} yet: {}", finished.runId(), ex.toString());
		}
	}

	/** Stores the reports of update runs that ended unnoticed (or whose run no longer exists). */
	@Scheduled(initialDelayString = "${opsdeck.patching.reconcile-interval:30s}",
			fixedDelayString = "${opsdeck.patching.reconcile-interval:30s}")
	void reconcile() {
		finishedRuns.reconcile(store.openRuns(), this::finish);
	}

	/**
	 * Stores one run's reports, unless it is still running or another node did it.
	 * @param runId the update run
	 * @return how many hosts' outcomes were stored
	 */
	int finish(UUID runId) {
		int stored = finishedRuns.store("Update run", runId, store::findRun, store::claim,
				(run, summary) -> store(run, PatchEvents.parse(runs.allLines(runId))), 0);
		if (stored > 0) {
			metrics.refresh();
		}
		return stored;
	}

	private int store(PatchStore.PatchRun run, Map<String, HostOutcome> outcomes) {
		Map<String, ServerTarget> servers;
		try {
			servers = inventory.serversOf(run.environment())
				.stream()
				.collect(Collectors.toMap(ServerTarget::name, Function.identity()));
		}
		catch (NotFoundException ex) {
			log.warn("Update run {}: environment {} no longer exists", run.runId(), run.environment());
			return 0;
		}
		int stored = 0;
		for (HostOutcome outcome : outcomes.values()) {
			ServerTarget server = servers.get(outcome.host());
			if (server == null) {
				log.warn("Update run {} reported on '{}', which is not a server of {}", run.runId(), outcome.host(),
						run.environment());
				continue;
			}
			PatchStates.Applied applied = PatchStates.apply(store.find(server.id()).orElse(null), server.id(),
					run.runId(), run.check(), outcome);
			store.save(applied.state());
			store.saveUpgrades(run.runId(), server.id(), server.name(), applied.upgrades(), outcome.time());
			stored++;
		}
		log.info("Update run {} on {}: stored the patch state of {} server(s)", run.runId(), run.environment(), stored);
		return stored;
	}


}
