package io.opsdeck.drills.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import io.opsdeck.drills.DrillStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The Markdown report of a drill: the document the seed keeps under {@code docs/dr-reports/} (duration in seconds and
 * minutes, success or failure, target compliance, component status, recommendations), plus the backup, RPO, every
 * step, the data checks, findings, trigger and the RTO forecast.
 */
@Component
public class DrillReports {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private final DrillService drills;

	private final ForecastService forecasts;

	DrillReports(DrillService drills, ForecastService forecasts) {
		this.drills = drills;
		this.forecasts = forecasts;
	}

	/**
	 * @return the report file name, {@code dr-report-<environment>-<yyyyMMdd-HHmmss>-<type>-<first 8 of the id>.md}
	 */
	static String fileName(Drill drill) {
		return "dr-report-" + drill.getEnvironment() + "-" + FILE_TIME.format(drill.getCreatedAt()) + "-"
				+ drill.getType().value() + "-" + drill.getId().toString().substring(0, 8) + ".md";
	}

	/**
	 * @param id drill id
	 * @return the report as Markdown (also for a drill still running: its steps so far)
	 * @throws io.opsdeck.shared.NotFoundException when the drill does not exist
	 */
	public String markdown(UUID id) {
		DrillDetails drill = drills.get(id);
		DrillResults r = drill.results();
		StringBuilder md = new StringBuilder();
		md.append("# Disaster Recovery Drill Report: ").append(drill.environment()).append("\n\n");
		row(md, null, null);
		row(md, "Drill", drill.id() + " (" + drill.type().value() + ")");
		row(md, "Environment", drill.environment());
		row(md, "Started", TIME.format(drill.createdAt()));
		row(md, "Triggered by", drill.triggeredBy());
		row(md, "Status", status(r.status()));
		row(md, "Duration", String.format(Locale.ROOT, "%.1f seconds (%.2f minutes)", r.durationSeconds(),
				r.durationSeconds() / 60));
		row(md, "RTO target", String.format(Locale.ROOT, "%d seconds (%.0f minutes)", drill.rtoTargetSeconds(),
				drill.rtoTargetSeconds() / 60.0));
		row(md, "Target compliance", (r.compliance() != null) ? r.compliance() : "pending");
		row(md, "RPO achieved", String.format(Locale.ROOT, "%d seconds (%.1f hours)", drill.rpoSeconds(),
				drill.rpoSeconds() / 3600.0));
		row(md, "Backup", "`" + drill.backupTimestamp() + "` (`" + drill.backupKey() + "`)");
		row(md, "Backup size", String.format(Locale.ROOT, "%,d bytes", drill.backupSizeBytes()));
		row(md, "Dump SHA-256", (drill.backupSha256() != null) ? "`" + drill.backupSha256() + "`" : "unknown (no manifest)");
		row(md, "Run", "`" + drill.runId() + "`");

		md.append("\n## Component status\n\n");
		md.append("| Component | Status |\n|---|---|\n");
		md.append("| Database | ").append(stepStatus(r, "database-restore")).append(" |\n");
		md.append("| Media | ").append(stepStatus(r, "media-restore")).append(" |\n");
		md.append("| Application | ").append(stepStatus(r, "app-start")).append(" |\n");
		md.append("| Health checks | ").append(stepStatus(r, "health-checks")).append(" |\n");

		md.append("\n## Steps\n\n");
		md.append("| Step | Status | Started | Finished | Seconds | Message |\n|---|---|---|---|---:|---|\n");
		for (DrillResults.Step step : r.steps()) {
			md.append("| ").append(step.name()).append(" | ").append(step.status()).append(" | ")
				.append((step.startedAt() != null) ? TIME.format(step.startedAt()) : "").append(" | ")
				.append((step.finishedAt() != null) ? TIME.format(step.finishedAt()) : "").append(" | ")
				.append(String.format(Locale.ROOT, "%.1f", step.durationSeconds())).append(" | ")
				.append(cell(step.message())).append(" |\n");
		}

		md.append("\n## Data checks\n\n");
		if (r.checks().isEmpty()) {
			md.append("No data checks ran.\n");
		}
		else {
			md.append("| Check | Object | Expected | Actual | Result |\n|---|---|---:|---:|---|\n");
			for (DrillResults.Check check : r.checks()) {
				md.append("| ").append(check.kind()).append(" | ").append(cell(check.name())).append(" | ")
					.append(cell(check.expected())).append(" | ").append(cell(check.actual())).append(" | ")
					.append(check.ok() ? "ok" : "**mismatch**").append(" |\n");
			}
		}

		md.append("\n## Findings\n\n");
		if (r.findings().isEmpty()) {
			md.append("None.\n");
		}
		for (DrillResults.Finding finding : r.findings()) {
			md.append("- **").append(finding.severity()).append("**: ").append(oneLine(finding.message())).append('\n');
		}

		md.append("\n## Recommendations\n\n");
		if (r.recommendations().isEmpty()) {
			md.append(r.status().isFinished() ? "None: the drill met its target with margin.\n" : "After the drill.\n");
		}
		for (String advice : r.recommendations()) {
			md.append("- ").append(oneLine(advice)).append('\n');
		}

		md.append("\n## RTO forecast\n\n");
		RtoForecast forecast = forecasts.forecast(drill.environment());
		if (forecast == null) {
			md.append("Not yet: the forecast needs a full drill that restored.\n");
		}
		else {
			md.append(String.format(Locale.ROOT,
					"Next quarter (%s): about %.0f seconds (%.1f minutes) for %.2f GB. Breach of the %d-second target: %s.%n%n",
					forecast.forecastDate(), forecast.forecastSeconds(), forecast.forecastSeconds() / 60,
					forecast.forecastBytes() / 1e9, forecast.rtoTargetSeconds(),
					(forecast.breachDate() != null) ? forecast.breachDate().toString() : "not at the current growth"));
			md.append(oneLine(forecast.explanation())).append('\n');
		}
		return md.toString();
	}

	private static String status(DrillStatus status) {
		return switch (status) {
			case SUCCEEDED -> "SUCCEEDED (success)";
			case PARTIALLY_FAILED -> "PARTIALLY_FAILED (restored, with findings)";
			case FAILED -> "FAILED (failure)";
			default -> status.name() + " (in progress)";
		};
	}

	private static String stepStatus(DrillResults results, String name) {
		return results.steps()
			.stream()
			.filter(step -> step.name().equals(name))
			.map(DrillResults.Step::status)
			.findFirst()
			.orElse("n/a");
	}

	private static void row(StringBuilder md, @Nullable String key, @Nullable String value) {
		if (key == null) {
			md.append("| | |\n|---|---|\n");
			return;
		}
		md.append("| ").append(key).append(" | ").append(cell(value)).append(" |\n");
	}

	/** @return the text fit for a table cell: one line, pipes escaped */
	static String cell(@Nullable String text) {
		return (text == null) ? "" : oneLine(text).replace("|", "\\|");
	}

	private static String oneLine(String text) {
		return text.replaceAll("[\\r\\n\\t]+", " ").strip();
	}

}
