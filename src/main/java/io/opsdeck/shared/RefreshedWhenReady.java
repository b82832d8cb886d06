package io.opsdeck.shared;

/**
 * A bean whose first {@link #refresh()} (a gauge re-read from the database, a storage listing) runs once Opsdeck is
 * ready, on the task scheduler's thread ({@link ReadinessRefresher}), and not while it starts: at start-up those
 * refreshes competed with the start itself for the CPU, and some ran on the start's own thread (issue 8, start-up;
 * docs/benchmarks.md, "7. Start-up, eleventh round"). Later refreshes are the bean's own ({@code @Scheduled} with a
 * positive initial delay, as {@code StartupWorkTests} requires).
 */
public interface RefreshedWhenReady {

	/** Refreshes; must not throw for a passing failure (an unreachable database), which the next refresh retries. */
	void refresh();

}
