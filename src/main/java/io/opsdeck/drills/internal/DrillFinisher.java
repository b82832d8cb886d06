package io.opsdeck.drills.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsdeck.drills.DrillFinished;
import io.opsdeck.drills.DrillStatus;
import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.Runs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends drills: when a drill's run finishes ({@link RunFinished}) the results are read once more, judged and stored
 * with the Markdown report. A drill whose run ended while no node was listening (a restart, a crash) is finished by
 * the periodic reconciliation. Several nodes may race: the drill's version decides, the loser does nothing.
 */
@Component
class DrillFinisher {

	private static final Logger log = LoggerFactory.getLogger(DrillFinisher.class);

	private final DrillRepository drills;

	private final DrillRunReader reader;

	private final DrillResultsCodec codec;

	private final DrillReports reports;

	private final DrillsProperties properties;

	private final Runs runs;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	DrillFinisher(DrillRepository drills, DrillRunReader reader, DrillResultsCodec codec, DrillReports reports,
			DrillsProperties properties, Runs runs, TransactionTemplate transactions, ApplicationEventPublisher events) {
		this.drills = drills;
		this.reader = reader;
		this.codec = codec;
		this.reports = reports;
		this.properties = properties;
		this.runs = runs;
		this.transactions = transactions;
		this.events = events;
	}

	@EventListener
	void on(RunFinished finished) {
		drills.findByRunId(finished.runId()).ifPresent(drill -> finish(drill.getId()));
	}

	/** Finishes drills whose runs ended unnoticed (or no longer exist). */
	@Scheduled(initialDelayString = "${opsdeck.drills.reconcile-interval:30s}",
			fixedDelayString = "${opsdeck.drills.reconcile-interval:30s}")
	void reconcile() {
		List<Drill> open = drills.findByStatusIn(List.of(DrillStatus.QUEUED, DrillStatus.RUNNING));
		for (Drill drill : open) {
			RunStatus status = runs.find(drill.getRunId()).map(run -> RunStatus.valueOf(run.status())).orElse(null);
			if (status == null || status.isTerminal()) {
				finish(drill.getId());
			}
		}
	}

	/**
	 * Judges and stores one drill, writing its report file when a report directory is configured.
	 * @param id drill id
	 */
	void finish(UUID id) {
		try {
			Drill done = transactions.execute(tx -> {
				Drill drill = drills.findById(id).orElse(null);
				if (drill == null || drill.getStatus().isFinished()) {
					return null;
				}
				Instant reportedAt = Instant.now();
				DrillResults results = reader.read(drill, reportedAt);
				if (!results.status().isFinished()) {
					return null;
				}
				drill.finish(results, codec.write(results), reportedAt);
				return drills.saveAndFlush(drill);
			});
			if (done != null) {
				log.info("Drill {} on {} ended {} ({})", done.getId(), done.getEnvironment(), done.getStatus(),
						done.getCompliance());
				writeReportFile(done);
				events.publishEvent(finishedEvent(done));
			}
		}
		catch (OptimisticLockingFailureException ex) {
			log.debug("Drill {} was finished by another node", id);
		}
	}

	private static DrillFinished finishedEvent(Drill drill) {
		Double duration = drill.getDurationSeconds();
		boolean breached = duration != null && duration > drill.getRtoTargetSeconds();
		Instant finishedAt = (drill.getFinishedAt() != null) ? drill.getFinishedAt() : Instant.now();
		return new DrillFinished(drill.getId(), drill.getRunId(), drill.getEnvironment(), drill.getType(),
				drill.getStatus(), duration, drill.getRtoTargetSeconds(), breached, drill.getTriggeredBy(), finishedAt);
	}

	private void writeReportFile(Drill drill) {
		Path directory = properties.reportDirectory();
		if (directory == null) {
			return;
		}
		try {
			Files.createDirectories(directory);
			Path target = directory.resolve(DrillReports.fileName(drill));
			Path temporary = Files.createTempFile(directory, ".dr-report", ".md");
			Files.writeString(temporary, reports.markdown(drill.getId()));
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not write the report of drill {} to {}: {}", drill.getId(), directory, ex.toString());
		}
	}

}
