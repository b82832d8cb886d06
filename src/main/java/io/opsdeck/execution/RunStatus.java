package io.opsdeck.execution;

import java.util.EnumSet;
import java.util.Set;

/**
 * The run state machine: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED | TIMED_OUT | INTERRUPTED}, and
 * {@code QUEUED → CANCELLED}. {@code INTERRUPTED} marks a run whose process died with its node.
 */
public enum RunStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED;

	/** @return whether the run has ended and will not change again */
	public boolean isTerminal() {
		return this != QUEUED && this != RUNNING;
	}

	/** @return the states this one may move to */
	public Set<RunStatus> next() {
		return switch (this) {
			case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
			case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED);
			default -> EnumSet.noneOf(RunStatus.class);
		};
	}

	/** @return whether moving to {@code target} is allowed */
	public boolean canMoveTo(RunStatus target) {
		return next().contains(target);
	}

}
