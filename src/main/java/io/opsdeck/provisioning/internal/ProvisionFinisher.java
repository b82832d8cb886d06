package io.opsdeck.provisioning.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.FinishedRuns;
import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.Runs;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.provisioning.ServerProvisioning.TagChange;
import io.opsdeck.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stores "what each tag last changed" once a provision run has ended: on {@link RunFinished}, or, for runs that
 * ended while no node was listening, by the periodic reconciliation. The row lock on {@code provision_runs} lets
 * exactly one node store a run's recap.
 */
@Component
class ProvisionFinisher {

	private static final Logger log = LoggerFactory.getLogger(ProvisionFinisher.class);


	private final ProvisionStore store;

	private final Runs runs;

	private final FinishedRuns finishedRuns;

	private final Inventory inventory;

	ProvisionFinisher(ProvisionStore store, Runs runs, FinishedRuns finishedRuns, Inventory inventory) {
		this.store = store;
		this.runs = runs;
		this.finishedRuns = finishedRuns;
		this.inventory = inventory;
	}

	@EventListener
	void on(RunFinished finished) {
		try {
			store.findRun(finished.runId()).filter(run -> run.processedAt() == null).ifPresent(run -> finish(run.runId()));
		}
		catch (RuntimeException ex) {
			// never fail the run engine's publisher: the reconciliation tries again
			log.warn("Could not store the tag recap of provision run {} yet: {}", finished.runId(), ex.toString());
		}
	}

	/** Stores the recaps of provision runs that ended unnoticed (or whose run no longer exists). */
	@Scheduled(initialDelayString = "${opsdeck.provisioning.reconcile-interval:30s}",
			fixedDelayString = "${opsdeck.provisioning.reconcile-interval:30s}")
	void reconcile() {
		finishedRuns.reconcile(store.openRuns(), this::finish);
	}

	/**
	 * Stores one run's tag recap for its server, unless the run is still going or another node did it.
	 * @param runId the provision run
	 * @return how many tags were stored
	 */
	int finish(UUID runId) {
		return finishedRuns.store("Provision run", runId, store::findRun, store::claim,
				(run, summary) -> store(run, TagRecaps.parse(runs.allLines(runId), runId, run.check(), Instant.now())),
				0);
	}

	private int store(ProvisionStore.ProvisionRun run, Map<String, List<TagChange>> hosts) {
		ServerTarget server;
		try {
			server = inventory.servers(List.of(run.serverId())).get(0);
		}
		catch (NotFoundException ex) {
			return 0;
		}
		List<TagChange> changes = hosts.get(server.name());
		if (changes == null) {
			log.info("Provision run {} printed no tag recap for {}", run.runId(), server.name());
			return 0;
		}
		// a task may carry several tags (e.g. common and security): a run limited to some tags records only those,
		// so that "what common last changed" is never the few common tasks a security run also touched
		List<TagChange> kept = changes.stream()
			.filter(change -> run.tags().isEmpty() || run.tags().contains(change.tag())
					|| TagRecaps.UNTAGGED.equals(change.tag()))
			.toList();
		kept.forEach(change -> store.saveTag(server.id(), change));
		log.info("Provision run {} on {}: stored what {} tag(s) changed", run.runId(), server.name(), kept.size());
		return kept.size();
	}


}
