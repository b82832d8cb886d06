package io.opsdeck.schedules.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.backups.BackupRuns;
import io.opsdeck.drills.DrillType;
import io.opsdeck.drills.Drills;
import io.opsdeck.health.HealthChecks;
import io.opsdeck.identity.Actor;
import io.opsdeck.patching.PatchMode;
import io.opsdeck.patching.PatchRequest;
import io.opsdeck.patching.Patching;
import org.springframework.stereotype.Component;

/**
 * Starts what a schedule does, through the public API of the module that owns it. Every call may throw that API's
 * exceptions (conflict when the environment is busy, missing settings, policy); the firer records them.
 */
@Component
class ActionLauncher {

	private final Drills drills;

	private final org.springframework.beans.factory.ObjectProvider<Patching> patching;

	private final BackupRuns backupRuns;

	private final BackupActions backupActions;

	private final HealthChecks health;

	ActionLauncher(Drills drills, org.springframework.beans.factory.ObjectProvider<Patching> patching, BackupRuns backupRuns, BackupActions backupActions, HealthChecks health) {
		this.drills = drills;
		this.patching = patching;
		this.backupRuns = backupRuns;
		this.backupActions = backupActions;
		this.health = health;
	}

	/**
	 * Queues the run of an action that {@linkplain ScheduleAction#startsRun() starts one}.
	 * @param action the action
	 * @param environment environment name
	 * @param parameters normalised parameters ({@link ScheduleParameters})
	 * @param actor the schedule (or the user who pressed "Run now")
	 * @return the run id
	 */
	UUID launch(ScheduleAction action, String environment, Map<String, Object> parameters, Actor actor) {
		return switch (action) {
			case DRILL -> drills.start(environment, DrillType.fromValue((String) parameters.get("type")), actor).runId();
			case SECURITY_UPDATE -> patching.getObject().launch(environment, patchRequest(parameters), actor);
			case HEALTH_CHECK -> health.checkEnvironment(environment, false, actor);
			case BACKUP -> backupRuns.start(environment, actor);
			case BACKUP_VERIFY, BACKUP_CLEANUP -> throw new IllegalArgumentException(action + " starts no run");
		};
	}

	/**
	 * Performs an action that Opsdeck carries out itself.
	 * @return its result
	 */
	BackupActions.Result perform(ScheduleAction action, String environment, Map<String, Object> parameters,
			Actor actor) {
		return switch (action) {
			case BACKUP_VERIFY -> backupActions.verify(environment, ((Number) parameters.get("maxAgeHours")).intValue());
			case BACKUP_CLEANUP -> backupActions.cleanup(environment,
					((Number) parameters.get("retentionDays")).intValue(),
					((Number) parameters.get("keepNewest")).intValue(), actor);
			default -> throw new IllegalArgumentException(action + " starts a run");
		};
	}

	@SuppressWarnings("unchecked")
	private static PatchRequest patchRequest(Map<String, Object> parameters) {
		return new PatchRequest(PatchMode.valueOf(((String) parameters.get("mode")).toUpperCase(java.util.Locale.ROOT)),
				(List<String>) parameters.get("packages"), (List<String>) parameters.get("cves"),
				Boolean.TRUE.equals(parameters.get("reboot")), false);
	}

}
