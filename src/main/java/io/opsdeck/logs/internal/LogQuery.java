package io.opsdeck.logs.internal;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * One log read, validated: which container, how many lines, which time range, which pattern, follow or not, and
 * the output format. {@link #command()} turns it into the fixed journalctl command line; every user value in it has
 * passed a rule that leaves nothing for a shell to interpret (see each parameter).
 *
 * @param container container or compose service name ({@link JournalCommand#CONTAINER})
 * @param lines newest entries to show, 1 to {@value JournalCommand#MAX_LINES}
 * @param since start of the range, in {@link JournalTime}'s normal form, or {@code null}
 * @param until end of the range, likewise, or {@code null}; not with follow
 * @param grep case-insensitive PCRE2 pattern on the message (journalctl {@code --grep}), at most
 * {@value #MAX_PATTERN} printable characters, no single quote; or {@code null}
 * @param follow keep the read open and show new entries as they are written ({@code -f})
 * @param format output format
 */
public record LogQuery(String container, int lines, @Nullable String since, @Nullable String until,
		@Nullable String grep, boolean follow, LogFormat format) {

	/** Longest pattern, in characters. */
	public static final int MAX_PATTERN = 200;

	private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E&&[^']]+");

	/**
	 * Validates the raw request values.
	 * @param container container name
	 * @param lines lines, {@code null} for 100
	 * @param since since as typed, or {@code null}
	 * @param until until as typed, or {@code null}
	 * @param grep pattern as typed, or {@code null}
	 * @param follow follow
	 * @param format {@code text} or {@code json}, {@code null} for text
	 * @return the query
	 * @throws InvalidInputException naming the first field at fault: {@code container}, {@code lines},
	 * {@code since}, {@code until}, {@code grep} or {@code format}
	 */
	public static LogQuery of(String container, @Nullable Integer lines, @Nullable String since,
			@Nullable String until, @Nullable String grep, boolean follow, @Nullable String format) {
		JournalCommand.checkContainer(container);
		int count = (lines != null) ? lines : 100;
		JournalCommand.checkLines(count);
		String from = JournalTime.parse("since", since);
		String to = JournalTime.parse("until", until);
		if (follow && to != null) {
			throw new InvalidInputException("until", "until cannot be combined with follow");
		}
		String pattern = (grep == null || grep.isEmpty()) ? null : grep;
		if (pattern != null) {
			if (pattern.length() > MAX_PATTERN || !PRINTABLE.matcher(pattern).matches()) {
				throw new InvalidInputException("grep", "grep must be at most " + MAX_PATTERN
						+ " printable ASCII characters without a single quote (')");
			}
			try {
				Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidInputException("grep", "grep is not a valid regular expression: " + ex.getDescription());
			}
		}
		return new LogQuery(container, count, from, to, pattern, follow, LogFormat.of(format));
	}

	/**
	 * @return e.g. {@code journalctl --no-pager -o short-iso -n 100 --since '1 hour ago' --grep 'error'
	 * --case-sensitive=false -f CONTAINER_NAME=django + COM_DOCKER_COMPOSE_SERVICE=django}
	 */
	public String command() {
		StringBuilder command = new StringBuilder("journalctl --no-pager -o ").append(format.output())
			.append(" -n ")
			.append(lines);
		if (since != null) {
			command.append(" --since '").append(since).append('\'');
		}
		if (until != null) {
			command.append(" --until '").append(until).append('\'');
		}
		if (grep != null) {
			command.append(" --grep '").append(grep).append("' --case-sensitive=false");
		}
		if (follow) {
			command.append(" -f");
		}
		return command.append(" CONTAINER_NAME=")
			.append(container)
			.append(" + COM_DOCKER_COMPOSE_SERVICE=")
			.append(container)
			.toString();
	}

}
