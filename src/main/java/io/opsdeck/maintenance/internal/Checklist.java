package io.opsdeck.maintenance.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.opsdeck.maintenance.internal.ChecklistItem.Automation;

/**
 * The catalogue: the seed's "Maintenance Procedures" checklists item by item, in the seed's order and wording, plus
 * one item from the seed's "Backup Management" (remove backups older than 30 days), which is monthly in the
 * schedules presets. Suggested schedules use the cron expressions of the schedules module's presets
 * (docs/schedules.md); the monthly restore test, which has no preset, suggests a database-only drill on the third
 * Monday, away from the quarterly drill and the updates.
 */
public final class Checklist {

	private static final String WEEKLY = "seed: Maintenance Procedures, Weekly";

	private static final String MONTHLY = "seed: Maintenance Procedures, Monthly";

	private static final String QUARTERLY = "seed: Maintenance Procedures, Quarterly";

	private static final String ANNUALLY = "seed: Maintenance Procedures, Annually";

	private static final Set<String> RESTORING_DRILLS = Set.of("full", "database-only");

	private static final List<ChecklistItem> ITEMS = List.of(
			manual("review-logs", Frequency.WEEKLY, "Review application logs for errors", WEEKLY, true,
					"Each server's Logs page: pick the django container, pattern \"error\", since \"7 days ago\"."),
			automated("check-disk-space", Frequency.WEEKLY, "Check disk space usage", WEEKLY,
					"The health check judges disk use against the environment's thresholds (Health page).",
					Automation.any("health-check", suggest("weekly health check", "0 0 6 ? * MON", "skip",
							"Seed: Maintenance Procedures, weekly"))),
			automated("verify-backups", Frequency.WEEKLY, "Verify backup completion", WEEKLY,
					"The newest backup's age (at most 26 h by default) and every checksum of its manifest.",
					Automation.any("backup-verify", suggest("weekly backup verification", "0 30 6 ? * MON", "skip",
							"Verify backup completion (seed: Maintenance Procedures, weekly)", "maxAgeHours", "26"))),
			automated("security-updates", Frequency.MONTHLY, "Apply security updates", MONTHLY,
					"Security pocket only; production is updated by its schedule or an admin.",
					Automation.where("security-update", "mode", Set.of("security", "full"),
							suggest("monthly security update", "0 0 3 ? * WED#1", "fire-once",
									"Security pocket only (seed: Maintenance Procedures, monthly)", "mode",
									"security"))),
			manual("clean-docker-images", Frequency.MONTHLY, "Review and clean old Docker images", MONTHLY, true,
					"Each server's Logs page has \"Prune Docker images\" next to the journal's disk usage."),
			automated("test-backup-restoration", Frequency.MONTHLY, "Test backup restoration", MONTHLY,
					"A full or database-only DR drill restores the newest backup on a scratch host and checks it.",
					Automation.where("drill", "type", RESTORING_DRILLS, suggest("monthly restore test",
							"0 0 2 ? * MON#3", "fire-once", "Test backup restoration (seed: Maintenance Procedures, "
									+ "monthly)", "drillType", "database-only"))),
			manual("review-firewall-logs", Frequency.MONTHLY, "Review firewall logs", MONTHLY, true,
					"UFW logs to the kernel journal: a server's Logs page with pattern \"UFW BLOCK\"."),
			automated("cleanup-old-backups", Frequency.MONTHLY, "Remove backups older than 30 days",
					"seed: Backup Management, Cleanup Old Backups",
					"Retention cleanup keeping the newest backups whatever their age (docs/backups.md).",
					Automation.any("backup-cleanup", suggest("monthly backup cleanup", "0 0 4 1 * ?", "fire-once",
							"Remove backups older than 30 days (seed: Backup Management)", "retentionDays", "30",
							"keepNewest", "3"))),
			automated("full-system-updates", Frequency.QUARTERLY, "Full system updates (kernel, all packages)",
					QUARTERLY, "All packages, kernel included; the Patching page shows servers waiting for a reboot.",
					Automation.where("security-update", "mode", Set.of("full"), suggest("quarterly full update",
							"0 0 3 ? 1,4,7,10 SUN#3", "fire-once",
							"All packages, kernel included (seed: Quarterly Security Updates)", "mode", "full"))),
			automated("dr-drill", Frequency.QUARTERLY, "Disaster Recovery Drill (mandatory)", QUARTERLY,
					"Mandatory: a full or database-only drill at least every quarter, within its RTO target.",
					Automation.where("drill", "type", RESTORING_DRILLS, suggest("quarterly DR drill",
							"0 0 2 ? 1,4,7,10 MON#1", "fire-once",
							"Mandatory quarterly drill (seed: DR Drill Schedule): first Monday of each quarter at "
									+ "02:00",
							"drillType", "full"))),
			manual("security-audit", Frequency.QUARTERLY, "Security audit", QUARTERLY, false,
					"SSH hardening, firewall rules, fail2ban, users and API tokens (API tokens page)."),
			manual("performance-review", Frequency.QUARTERLY, "Performance review", QUARTERLY, false,
					"Server metrics (node_exporter) and run durations on the Grafana dashboard (docs/monitoring)."),
			manual("documentation-updates", Frequency.QUARTERLY, "Documentation updates", QUARTERLY, false,
					"Runbooks and this documentation match what runs."),
			manual("ssl-certificate-renewal", Frequency.ANNUALLY, "SSL certificate renewal (automatic with Caddy)",
					ANNUALLY, false, "Caddy renews certificates by itself: check the expiry dates and tick."),
			manual("infrastructure-review", Frequency.ANNUALLY, "Infrastructure review", ANNUALLY, false,
					"Environments, servers, clouds and costs."),
			manual("capacity-planning", Frequency.ANNUALLY, "Capacity planning", ANNUALLY, false,
					"Disk, memory and load trends against next year's growth."),
			manual("update-dependencies", Frequency.ANNUALLY, "Update dependencies", ANNUALLY, false,
					"Application, Docker images and Ansible collections."));

	private Checklist() {
	}

	/** @return every item, weekly first, in the seed's order within a frequency */
	public static List<ChecklistItem> items() {
		return ITEMS;
	}

	/**
	 * @param id item id
	 * @return the item, or empty when there is none with that id
	 */
	public static Optional<ChecklistItem> find(String id) {
		return ITEMS.stream().filter(item -> item.id().equals(id)).findFirst();
	}

	private static ChecklistItem manual(String id, Frequency frequency, String title, String source,
			boolean perEnvironment, String hint) {
		return new ChecklistItem(id, frequency, title, source, perEnvironment, hint, null);
	}

	private static ChecklistItem automated(String id, Frequency frequency, String title, String source, String hint,
			Automation automation) {
		return new ChecklistItem(id, frequency, title, source, true, hint, automation);
	}

	/** @return the schedule form's fields: name suffix, cron, misfire policy, description, then parameter fields */
	private static Map<String, String> suggest(String name, String cron, String misfirePolicy, String description,
			String... parameters) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", name);
		fields.put("cron", cron);
		fields.put("misfirePolicy", misfirePolicy);
		fields.put("description", description);
		for (int i = 0; i + 1 < parameters.length; i += 2) {
			fields.put(parameters[i], parameters[i + 1]);
		}
		return fields;
	}

}
