package io.opsdeck.schedules.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.opsdeck.drills.DrillType;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of each {@link ScheduleAction}, validated and normalised (defaults filled in). Unknown names and
 * wrong types are refused, naming the parameter ({@code parameters.type}).
 * <ul>
 * <li>{@code drill}: {@code type} = {@code full} (default) | {@code database-only} | {@code validation-only}</li>
 * <li>{@code security-update}: {@code mode} = {@code security} (default) | {@code full} | {@code critical};
 * {@code packages} (Debian package names) and {@code cves} ({@code CVE-YYYY-NNNN}) for {@code critical};
 * {@code reboot} (default false)</li>
 * <li>{@code backup-verify}: {@code maxAgeHours} 1-720, default 26 (seed: nightly backups, checked weekly)</li>
 * <li>{@code backup-cleanup}: {@code retentionDays} 1-3650, default 30 (seed); {@code keepNewest} 1-1000,
 * default 3</li>
 * <li>{@code health-check}, {@code backup}: none</li>
 * </ul>
 */
final class ScheduleParameters {

	private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]{0,99}");

	private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,9}");

	private ScheduleParameters() {
	}

	/**
	 * @param action the action
	 * @param given parameters as sent (JSON object), or {@code null}
	 * @return the parameters with defaults, in a stable order
	 * @throws InvalidInputException naming the parameter that is unknown, of the wrong type or out of range
	 */
	static Map<String, Object> normalise(ScheduleAction action, @Nullable Map<String, Object> given) {
		Map<String, Object> in = (given == null) ? Map.of() : given;
		Map<String, Object> out = new LinkedHashMap<>();
		switch (action) {
			case DRILL -> {
				known(in, Set.of("type"), action);
				String type = string(in, "type", "full");
				try {
					out.put("type", DrillType.fromValue(type).value());
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidInputException("parameters.type", ex.getMessage());
				}
			}
			case SECURITY_UPDATE -> {
				known(in, Set.of("mode", "packages", "cves", "reboot"), action);
				String mode = string(in, "mode", "security");
				if (!Set.of("security", "full", "critical").contains(mode)) {
					throw new InvalidInputException("parameters.mode", "mode must be security, full or critical");
				}
				List<String> packages = strings(in, "packages", PACKAGE, "a Debian package name like openssl");
				List<String> cves = strings(in, "cves", CVE, "a CVE id like CVE-2024-12345");
				if (mode.equals("critical") && packages.isEmpty() && cves.isEmpty()) {
					throw new InvalidInputException("parameters.packages",
							"critical mode needs at least one package or CVE id");
				}
				if (!mode.equals("critical") && !(packages.isEmpty() && cves.isEmpty())) {
					throw new InvalidInputException("parameters.packages",
							"packages and cves are only for critical mode");
				}
				out.put("mode", mode);
				out.put("packages", packages);
				out.put("cves", cves);
				out.put("reboot", bool(in, "reboot", false));
			}
			case BACKUP_VERIFY -> {
				known(in, Set.of("maxAgeHours"), action);
				out.put("maxAgeHours", integer(in, "maxAgeHours", 26, 1, 720));
			}
			case BACKUP_CLEANUP -> {
				known(in, Set.of("retentionDays", "keepNewest"), action);
				out.put("retentionDays", integer(in, "retentionDays", 30, 1, 3650));
				out.put("keepNewest", integer(in, "keepNewest", 3, 1, 1000));
			}
			case HEALTH_CHECK, BACKUP -> known(in, Set.of(), action);
		}
		return out;
	}

	private static void known(Map<String, Object> in, Set<String> names, ScheduleAction action) {
		for (String name : in.keySet()) {
			if (!names.contains(name)) {
				throw new InvalidInputException("parameters." + name, "unknown parameter for action "
						+ action.value() + (names.isEmpty() ? " (it takes none)" : " (known: "
								+ String.join(", ", names.stream().sorted().toList()) + ")"));
			}
		}
	}

	private static String string(Map<String, Object> in, String name, String fallback) {
		Object value = in.get(name);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof String text)) {
			throw new InvalidInputException("parameters." + name, name + " must be a string");
		}
		return text.strip().toLowerCase(Locale.ROOT);
	}

	private static boolean bool(Map<String, Object> in, String name, boolean fallback) {
		Object value = in.get(name);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Boolean flag)) {
			throw new InvalidInputException("parameters." + name, name + " must be true or false");
		}
		return flag;
	}

	static int integer(Map<String, Object> in, String name, int fallback, int min, int max) {
		Object value = in.get(name);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Integer || value instanceof Long || value instanceof Short)) {
			throw new InvalidInputException("parameters." + name, name + " must be a whole number from " + min
					+ " to " + max);
		}
		long number = ((Number) value).longValue();
		if (number < min || number > max) {
			throw new InvalidInputException("parameters." + name, name + " must be from " + min + " to " + max);
		}
		return (int) number;
	}

	private static List<String> strings(Map<String, Object> in, String name, Pattern pattern, String what) {
		Object value = in.get(name);
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw new InvalidInputException("parameters." + name, name + " must be a list of strings");
		}
		if (list.size() > 100) {
			throw new InvalidInputException("parameters." + name, name + " holds at most 100 entries");
		}
		List<String> out = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof String text) || !pattern.matcher(text.strip()).matches()) {
				throw new InvalidInputException("parameters." + name, "'" + item + "' is not " + what);
			}
			if (!out.contains(text.strip())) {
				out.add(text.strip());
			}
		}
		return out;
	}

}
