package io.opsdeck.execution;

import java.util.UUID;

import io.opsdeck.identity.Actor;

/**
 * The execution module's API: start and cancel runs. Used by the web layer and, later, by schedules and drills.
 */
public interface Runs {

	/**
	 * Validates a request against the inventory and queues it. The run starts as soon as a worker slot is free on
	 * any Opsdeck node.
	 * @param request what to run
	 * @param actor who asked; recorded as the run's trigger
	 * @return the new run's id; its status is {@link RunStatus#QUEUED}
	 * @throws io.opsdeck.shared.InvalidInputException when a target, playbook or variable is unusable
	 * @throws io.opsdeck.shared.NotFoundException when an environment or server does not exist
	 * @throws org.springframework.security.access.AccessDeniedException when the actor may not use a target
	 */
	UUID launch(RunRequest request, Actor actor);

	/**
	 * Cancels a queued run at once, or asks a running one to stop (SIGTERM to its process tree, SIGKILL after the
	 * grace period; SSH channels closed).
	 * @param id run id
	 * @param actor who asked
	 * @return the status after the request: {@code CANCELLED} for a queued run, {@code RUNNING} while a running one
	 * stops
	 * @throws io.opsdeck.shared.NotFoundException when the run does not exist
	 * @throws io.opsdeck.shared.ConflictException when the run has already ended
	 */
	RunStatus cancel(UUID id, Actor actor);

	/**
	 * @param id run id
	 * @return the run, if it exists
	 */
	java.util.Optional<RunSummary> find(UUID id);

	/**
	 * Reads a run's output, live or finished.
	 * @param id run id
	 * @param afterSeq return lines after this one (0 for all)
	 * @param max most lines, 1 to 10,000
	 * @return the lines, ascending
	 */
	java.util.List<RunLine> lines(UUID id, long afterSeq, int max);

	/**
	 * Reads all of a run's stored output, in pages of 10,000 lines (for readers of a finished run's events, e.g. the
	 * drill, patch, provision and health finishers).
	 * @param id run id
	 * @return every line stored so far, ascending; empty for an unknown run
	 */
	default java.util.List<RunLine> allLines(UUID id) {
		int page = 10_000;
		java.util.List<RunLine> all = new java.util.ArrayList<>();
		long after = 0;
		while (true) {
			java.util.List<RunLine> batch = lines(id, after, page);
			all.addAll(batch);
			if (batch.size() < page) {
				return all;
			}
			after = batch.get(batch.size() - 1).seq();
		}
	}

	/**
	 * @param limit most runs to return
	 * @return the newest runs, newest first
	 */
	java.util.List<RunSummary> recent(int limit);

	/**
	 * @param id run id
	 * @return its current status
	 * @throws io.opsdeck.shared.NotFoundException when the run does not exist
	 */
	RunStatus status(UUID id);

}
