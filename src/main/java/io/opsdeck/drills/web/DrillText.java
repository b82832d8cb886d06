package io.opsdeck.drills.web;

import java.util.Locale;

import io.opsdeck.drills.internal.DrillResults;

/**
 * A drill as a few lines for a terminal ({@code GET /api/v1/drills/{id}/summary}): what
 * {@code scripts/dr-drill.sh} prints after the run, so the script needs no JSON parser. One line per step that ran,
 * the outcome against the RTO target with the RPO, then findings and recommendations.
 */
final class DrillText {

	private DrillText() {
	}

	static String of(DrillView drill) {
		StringBuilder text = new StringBuilder();
		for (DrillResults.Step step : drill.steps()) {
			if (!step.status().equals("pending") && !step.status().equals("running")) {
				text.append(String.format(Locale.ROOT, "==> %-16s %-9s %7.1f s  %s%n", step.name(), step.status(),
						step.durationSeconds(), (step.message() != null) ? step.message() : "").stripTrailing())
					.append('\n');
			}
		}
		text.append(String.format(Locale.ROOT, "==> %s in %.1f s (%.1f min), target %d s: %s; RPO %d s%n",
				drill.status(), drill.durationSeconds(), drill.durationSeconds() / 60, drill.rtoTargetSeconds(),
				drill.compliance(), drill.rpoSeconds()));
		for (DrillResults.Finding finding : drill.findings()) {
			text.append("    ").append(finding.severity()).append(": ").append(finding.message()).append('\n');
		}
		for (String advice : drill.recommendations()) {
			text.append("    recommendation: ").append(advice).append('\n');
		}
		return text.toString();
	}

}
