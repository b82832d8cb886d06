package io.opsdeck.execution.internal;

import io.opsdeck.execution.RunSummary;

/**
 * Maps stored runs to the module's public views.
 */
public final class RunMapping {

	private RunMapping() {
	}

	/** @return the list view of a run */
	public static RunSummary summary(Run run) {
		return new RunSummary(run.getId(), run.getKind().value(), run.getStatus().name(), run.getEnvironment(),
				run.getPlaybook(), run.getCommand(), run.getTriggeredBy(), run.getCreatedAt(), run.getStartedAt(),
				run.getFinishedAt(), run.duration().toSeconds(), run.getExitCode(), run.getMessage(), run.getLabel());
	}

}
