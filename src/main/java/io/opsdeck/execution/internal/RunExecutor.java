package io.opsdeck.execution.internal;

import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.internal.output.RunOutput;

/**
 * Executes one kind of run. Implementations write output as it is produced, stop promptly when the control says so,
 * and report per-host results; they never throw for a failure of the target (that is a {@link RunOutcome}), only for
 * a fault of Opsdeck itself.
 */
public interface RunExecutor {

	/** @return the kind this executor handles */
	RunKind kind();

	/**
	 * @param plan what to run
	 * @param output where output goes
	 * @param control stop switch
	 * @return the outcome
	 * @throws Exception on a fault of Opsdeck itself; the run then fails with the exception's message
	 */
	RunOutcome execute(RunPlan plan, RunOutput output, ExecutionControl control) throws Exception;

}
