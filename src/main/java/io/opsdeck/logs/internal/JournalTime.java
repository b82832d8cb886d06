package io.opsdeck.logs.internal;

import java.util.Locale;
import java.util.regex.Pattern;

import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --since}/{@code --until} values Opsdeck hands to journalctl: a strict subset of what journalctl
 * understands (systemd.time(7)), so that nothing else ever reaches the server's shell.
 * <ul>
 * <li>absolute, in the server's local time: {@code 2026-12-04}, {@code 2026-12-04 13:05},
 * {@code 2026-12-04 13:05:09} (a {@code T} instead of the space is accepted), optionally followed by {@code UTC}
 * (or {@code Z});</li>
 * <li>relative: {@code 1 hour ago}, {@code 30 min ago}, {@code 2 days ago}, {@code -15m}, {@code -2h};</li>
 * <li>{@code now}, {@code today}, {@code yesterday}.</li>
 * </ul>
 * The normal form is what journalctl receives, inside single quotes; it never contains a quote.
 */
final class JournalTime {

	private static final Pattern ABSOLUTE = Pattern
		.compile("(\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{2}:\\d{2}(?::\\d{2})?))?(?: ?(UTC|Z))?");

	private static final String UNITS = "s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours"
			+ "|d|day|days|w|week|weeks|month|months|y|year|years";

	private static final Pattern AGO = Pattern.compile("(\\d{1,5}) ?(" + UNITS + ") ago");

	private static final Pattern MINUS = Pattern.compile("-(\\d{1,5}) ?(" + UNITS + ")");

	private static final Pattern WORD = Pattern.compile("now|today|yesterday");

	private JournalTime() {
	}

	/**
	 * @param field {@code since} or {@code until}, for the error
	 * @param value what the user typed, or {@code null}/blank for none
	 * @return the value journalctl gets, or {@code null} for none
	 * @throws InvalidInputException naming the field when the value is not in the grammar above
	 */
	static @Nullable String parse(String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip().replaceAll(" +", " ").toLowerCase(Locale.ROOT);
		if (text.length() <= 40) {
			var absolute = ABSOLUTE.matcher(value.strip());
			if (absolute.matches()) {
				return absolute.group(1) + ((absolute.group(2) != null) ? " " + absolute.group(2) : "")
						+ ((absolute.group(3) != null) ? " UTC" : "");
			}
			var ago = AGO.matcher(text);
			if (ago.matches()) {
				return Integer.parseInt(ago.group(1)) + " " + ago.group(2) + " ago";
			}
			var minus = MINUS.matcher(text);
			if (minus.matches()) {
				return "-" + Integer.parseInt(minus.group(1)) + minus.group(2);
			}
			if (WORD.matcher(text).matches()) {
				return text;
			}
		}
		throw new InvalidInputException(field, field + " must be a time like '2026-12-04 13:05', '2026-12-04T13:05:00Z', "
				+ "'1 hour ago', '-15m', 'today' or 'yesterday'");
	}

}
