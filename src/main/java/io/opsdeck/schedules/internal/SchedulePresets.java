package io.opsdeck.schedules.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The schedules a new environment gets with one click (issue 4; seed: DR Drill Schedule, Security Updates,
 * Maintenance Procedures, Backup Management).
 * <ul>
 * <li>quarterly DR drill, full: 02:00 on the first Monday of January, April, July and October,
 * {@code 0 0 2 ? 1,4,7,10 MON#1}. The seed's crontab line {@code 0 2 1-7 1,4,7,10 1} means this but, in classic
 * cron, fires on days 1-7 <em>or</em> any Monday of those months.</li>
 * <li>nightly backup at 01:00</li>
 * <li>monthly security-only update, 03:00 on the first Wednesday (not for development: no automatic updates)</li>
 * <li>quarterly full update (kernel included), 03:00 on the third Sunday of January, April, July and October, after
 * the drill (not for development)</li>
 * <li>weekly health check, Monday 06:00, and backup verification (newest backup at most 26 hours old), Monday
 * 06:30</li>
 * <li>monthly cleanup of backups older than 30 days (keeping the newest 3), 04:00 on the 1st</li>
 * </ul>
 */
final class SchedulePresets {

	/**
	 * One preset.
	 * @param suffix name after the environment's name
	 * @param action action
	 * @param parameters parameters
	 * @param cron cron expression
	 * @param misfirePolicy misfire policy
	 * @param description description
	 */
	record Preset(String suffix, ScheduleAction action, Map<String, Object> parameters, String cron,
			MisfirePolicy misfirePolicy, String description) {
	}

	static final String QUARTERLY_DRILL_CRON = "0 0 2 ? 1,4,7,10 MON#1";

	private SchedulePresets() {
	}

	/**
	 * @param environmentKind {@code development}, {@code staging} or {@code production}
	 * @return the presets for that kind of environment
	 */
	static List<Preset> forKind(String environmentKind) {
		List<Preset> presets = new ArrayList<>();
		presets.add(new Preset("quarterly DR drill", ScheduleAction.DRILL, Map.of("type", "full"),
				QUARTERLY_DRILL_CRON, MisfirePolicy.FIRE_ONCE,
				"Mandatory quarterly drill (seed: DR Drill Schedule): first Monday of each quarter at 02:00"));
		presets.add(new Preset("nightly backup", ScheduleAction.BACKUP, Map.of(), "0 0 1 * * ?",
				MisfirePolicy.FIRE_ONCE, "Nightly backup (seed: Backup Management)"));
		if (!"development".equals(environmentKind)) {
			presets.add(new Preset("monthly security update", ScheduleAction.SECURITY_UPDATE,
					Map.of("mode", "security"), "0 0 3 ? * WED#1", MisfirePolicy.FIRE_ONCE,
					"Security pocket only (seed: Maintenance Procedures, monthly)"));
			presets.add(new Preset("quarterly full update", ScheduleAction.SECURITY_UPDATE, Map.of("mode", "full"),
					"0 0 3 ? 1,4,7,10 SUN#3", MisfirePolicy.FIRE_ONCE,
					"All packages, kernel included (seed: Quarterly Security Updates)"));
		}
		presets.add(new Preset("weekly health check", ScheduleAction.HEALTH_CHECK, Map.of(), "0 0 6 ? * MON",
				MisfirePolicy.SKIP, "Seed: Maintenance Procedures, weekly"));
		presets.add(new Preset("weekly backup verification", ScheduleAction.BACKUP_VERIFY, Map.of("maxAgeHours", 26),
				"0 30 6 ? * MON", MisfirePolicy.SKIP, "Verify backup completion (seed: Maintenance Procedures, weekly)"));
		presets.add(new Preset("monthly backup cleanup", ScheduleAction.BACKUP_CLEANUP,
				Map.of("retentionDays", 30, "keepNewest", 3), "0 0 4 1 * ?", MisfirePolicy.FIRE_ONCE,
				"Remove backups older than 30 days (seed: Backup Management)"));
		return presets;
	}

}
