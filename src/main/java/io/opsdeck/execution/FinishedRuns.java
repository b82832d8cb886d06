package io.opsdeck.execution;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps shared by modules that store what a run reported once it has ended (patch state, health results, the
 * provisioning tag recap). Such a module keeps a row per run it cares about, marked processed by a claim taken under
 * that row's lock, so that of several nodes reacting to the same {@link RunFinished} exactly one stores the run; a
 * periodic reconciliation stores the runs that ended while no node was listening (a restart, a crash).
 */
@Component
public class FinishedRuns {

	private static final Logger log = LoggerFactory.getLogger(FinishedRuns.class);

	private final Runs runs;

	private final TransactionTemplate transactions;

	FinishedRuns(Runs runs, TransactionTemplate transactions) {
		this.runs = runs;
		this.transactions = transactions;
	}

	/**
	 * In one transaction: reads the module's record of the run; when the run has ended and this caller claims the
	 * record, hands record and run to {@code store}. A record whose run no longer exists is claimed too (so it is
	 * never looked at again) and logged, with nothing stored.
	 * @param what the kind of run for the log, e.g. {@code "Update run"}
	 * @param runId the run
	 * @param record the module's record of the run, read inside the transaction
	 * @param claim marks the record processed at the given time; {@code false} when another node did
	 * @param store stores what the run reported, inside the transaction
	 * @param nothing what to return when nothing was stored
	 * @return what {@code store} returned, or {@code nothing} when there is no record, the run is still going, another
	 * node claimed it or the run no longer exists
	 */
	public <R, T> T store(String what, UUID runId, Function<UUID, Optional<R>> record, BiPredicate<UUID, Instant> claim,
			BiFunction<R, RunSummary, T> store, T nothing) {
		T stored = transactions.execute(tx -> {
			R run = record.apply(runId).orElse(null);
			RunSummary summary = runs.find(runId).orElse(null);
			if (run == null || (summary != null && !RunStatus.valueOf(summary.status()).isTerminal())) {
				return nothing;
			}
			if (!claim.test(runId, Instant.now())) {
				return nothing;
			}
			if (summary == null) {
				log.warn("{} {} no longer exists: nothing to store", what, runId);
				return nothing;
			}
			return store.apply(run, summary);
		});
		return (stored != null) ? stored : nothing;
	}

	/**
	 * The reconciliation: hands each run that has ended, or no longer exists, to {@code finish}.
	 * @param openRuns runs the module has not stored yet
	 * @param finish stores one of them (usually through {@link #store})
	 */
	public void reconcile(Collection<UUID> openRuns, Consumer<UUID> finish) {
		for (UUID runId : openRuns) {
			RunStatus status = runs.find(runId).map(run -> RunStatus.valueOf(run.status())).orElse(null);
			if (status == null || status.isTerminal()) {
				finish.accept(runId);
			}
		}
	}

}
