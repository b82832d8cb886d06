package io.opsdeck.drills.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.opsdeck.drills.internal.DrillDetails;
import io.opsdeck.drills.internal.DrillResults;

/**
 * Geometry of the drill history chart (an inline SVG, no script): one bar per finished drill, oldest on the left,
 * stacked by step, against a dashed line at the RTO target. Units: SVG user units; values in seconds.
 *
 * @param width chart width
 * @param height chart height
 * @param targetY y of the target line
 * @param targetLabel e.g. {@code RTO target 30 min}
 * @param bars one per drill
 * @param ticks y-axis ticks
 */
public record DrillChart(int width, int height, double targetY, String targetLabel, List<Bar> bars, List<Tick> ticks) {

	static final int HEIGHT = 220;

	static final int TOP = 16;

	static final int BOTTOM = 28;

	static final int LEFT = 48;

	static final int BAR_SLOT = 44;

	/** Step colours, in step order (colour-blind friendly palette). */
	static final Map<String, String> COLOURS = colours();

	private static Map<String, String> colours() {
		Map<String, String> colours = new java.util.LinkedHashMap<>();
		colours.put("validation", "#6c757d");
		colours.put("download", "#0072b2");
		colours.put("safety-backup", "#cc79a7");
		colours.put("database-restore", "#e69f00");
		colours.put("media-restore", "#009e73");
		colours.put("app-start", "#56b4e9");
		colours.put("health-checks", "#d55e00");
		colours.put("report", "#adb5bd");
		return java.util.Collections.unmodifiableMap(colours);
	}

	/** One drill. */
	public record Bar(double x, double width, String label, String title, String status, String href,
			List<Segment> segments) {
	}

	/** One step of a drill. */
	public record Segment(double y, double height, String colour, String title) {
	}

	/** A y-axis tick. */
	public record Tick(double y, String label) {
	}

	/**
	 * @param newestFirst finished drills, newest first
	 * @param rtoTargetSeconds the target the line shows
	 * @return the chart
	 */
	static DrillChart of(List<DrillDetails> newestFirst, int rtoTargetSeconds) {
		List<DrillDetails> drills = new ArrayList<>(newestFirst);
		java.util.Collections.reverse(drills);
		double max = Math.max(rtoTargetSeconds * 1.15,
				drills.stream().mapToDouble(d -> d.results().durationSeconds()).max().orElse(0) * 1.05);
		double plot = HEIGHT - TOP - BOTTOM;
		int width = LEFT + Math.max(6, drills.size()) * BAR_SLOT + 16;
		List<Bar> bars = new ArrayList<>();
		for (int i = 0; i < drills.size(); i++) {
			DrillDetails drill = drills.get(i);
			double x = LEFT + i * BAR_SLOT + 8;
			double base = HEIGHT - BOTTOM;
			List<Segment> segments = new ArrayList<>();
			for (DrillResults.Step step : drill.results().steps()) {
				if (step.durationSeconds() <= 0) {
					continue;
				}
				double h = step.durationSeconds() / max * plot;
				base -= h;
				segments.add(new Segment(base, Math.max(h, 0.5), COLOURS.getOrDefault(step.name(), "#999"),
						String.format(Locale.ROOT, "%s: %.1f s (%s)", step.name(), step.durationSeconds(), step.status())));
			}
			bars.add(new Bar(x, BAR_SLOT - 16, drill.createdAt().toString().substring(5, 10),
					String.format(Locale.ROOT, "%s %s: %.0f s, %s", drill.type().value(), drill.results().status(),
							drill.results().durationSeconds(), drill.results().compliance()),
					drill.results().status().name(), "/drills/" + drill.id(), segments));
		}
		List<Tick> ticks = new ArrayList<>();
		double step = niceStep(max / 4);
		for (double value = 0; value <= max; value += step) {
			ticks.add(new Tick(HEIGHT - BOTTOM - value / max * plot, minutes(value)));
		}
		double targetY = HEIGHT - BOTTOM - rtoTargetSeconds / max * plot;
		return new DrillChart(width, HEIGHT, targetY, "RTO target " + minutes(rtoTargetSeconds), bars, ticks);
	}

	private static double niceStep(double raw) {
		for (double candidate : new double[] { 60, 120, 300, 600, 900, 1800, 3600, 7200 }) {
			if (candidate >= raw) {
				return candidate;
			}
		}
		return Math.ceil(raw / 3600) * 3600;
	}

	private static String minutes(double seconds) {
		return String.format(Locale.ROOT, "%.0f min", seconds / 60);
	}

}
