package io.opsdeck.patching.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.RunSummary;
import io.opsdeck.execution.Runs;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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

	private final Inventory inventory;

	private final PatchMetrics metrics;

	private final TransactionTemplate transactions;

	PatchFinisher(PatchStore store, Runs runs, Inventory inventory, PatchMetrics metrics,
			TransactionTemplate transactions) {
		this.store = store;
		this.runs = runs;
		this.inventory = inventory;
		this.metrics = metrics;
		this.transactions = transactions;
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
		for (UUID runId : store.openRuns()) {
			RunStatus status = runs.find(runId).map(run -> RunStatus.valueOf(run.status())).orElse(null);
			if (status == null || status.isTerminal()) {
				finish(runId);
			}
		}
	}

	/**
	 * Stores one run's reports, unless it is still running or another node did it.
	 * @param runId the update run
	 * @return how many hosts' outcomes were stored
	 */
	int finish(UUID runId) {
		Integer stored = transactions.execute(tx -> {
			PatchStore.PatchRun run = store.findRun(runId).orElse(null);
			RunSummary summary = runs.find(runId).orElse(null);
			if (run == null || (summary != null && !RunStatus.valueOf(summary.status()).isTerminal())) {
				return 0;
			}
			if (!store.claim(runId, Instant.now())) {
				return 0;
			}
			if (summary == null) {
				log.warn("Update run {} no longer exists: nothing to store", runId);
				return 0;
			}
			return store(run, PatchEvents.parse(runs.allLines(runId)));
		});
		if (stored != null && stored > 0) {
			metrics.refresh();
		}
		return (stored != null) ? stored : 0;
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
