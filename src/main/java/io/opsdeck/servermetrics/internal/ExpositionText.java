package io.opsdeck.servermetrics.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the samples of the Prometheus text exposition format 0.0.4 (what node_exporter serves on
 * {@code /metrics}): {@code name{label="value",...} value [timestamp]}, label values with the escapes {@code \\},
 * {@code \"} and {@code \n}, values as Go floats ({@code 1.5e+09}, {@code +Inf}, {@code NaN}). {@code # HELP} and
 * {@code # TYPE} lines and comments are skipped; a malformed line is skipped, not fatal (one bad collector must not
 * hide the rest). Written here because no maintained Java parser of the format is on Maven Central
 * ({@code io.prometheus:prometheus-metrics-exposition-textformats} only writes it).
 */
final class ExpositionText {

	private ExpositionText() {
	}

	/**
	 * One sample line.
	 * @param name metric name, e.g. {@code node_load1}
	 * @param labels label names to values, in the order given
	 * @param value the value
	 */
	record Sample(String name, Map<String, String> labels, double value) {
	}

	/**
	 * @param text the whole exposition
	 * @return its samples in order
	 */
	static List<Sample> parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			Sample sample = parseLine(trimmed);
			if (sample != null) {
				samples.add(sample);
			}
		}
		return samples;
	}

	private static @org.jspecify.annotations.Nullable Sample parseLine(String line) {
		int i = 0;
		while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
			i++;
		}
		String name = line.substring(0, i);
		if (name.isEmpty()) {
			return null;
		}
		Map<String, String> labels = new LinkedHashMap<>();
		if (i < line.length() && line.charAt(i) == '{') {
			i++;
			while (true) {
				while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
					i++;
				}
				if (i >= line.length()) {
					return null;
				}
				if (line.charAt(i) == '}') {
					i++;
					break;
				}
				int eq = line.indexOf('=', i);
				if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
					return null;
				}
				String label = line.substring(i, eq).strip();
				StringBuilder value = new StringBuilder();
				int j = eq + 2;
				boolean closed = false;
				while (j < line.length()) {
					char c = line.charAt(j);
					if (c == '\\' && j + 1 < line.length()) {
						char next = line.charAt(j + 1);
						value.append(next == 'n' ? '\n' : next);
						j += 2;
					}
					else if (c == '"') {
						closed = true;
						j++;
						break;
					}
					else {
						value.append(c);
						j++;
					}
				}
				if (!closed) {
					return null;
				}
				labels.put(label, value.toString());
				i = j;
			}
		}
		String[] rest = line.substring(i).strip().split("\\s+");
		if (rest.length == 0 || rest[0].isEmpty()) {
			return null;
		}
		Double value = number(rest[0]);
		return (value == null) ? null : new Sample(name, labels, value);
	}

	private static @org.jspecify.annotations.Nullable Double number(String text) {
		switch (text) {
			case "+Inf", "Inf":
				return Double.POSITIVE_INFINITY;
			case "-Inf":
				return Double.NEGATIVE_INFINITY;
			case "NaN":
				return Double.NaN;
			default:
				try {
					return Double.parseDouble(text);
				}
				catch (NumberFormatException ex) {
					return null;
				}
		}
	}

}
