package io.opsdeck.schedules.internal;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.regex.Pattern;

import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.quartz.CronExpression;

/**
 * Quartz cron expressions in a time zone: validation with messages that name the problem, the next fire times, and
 * notes on daylight-saving days.
 * <p>
 * Quartz cron has 6 or 7 fields: seconds, minutes, hours, day of month, month, day of week, optional year; one of
 * the two day fields must be {@code ?} (Quartz docs, "CronTrigger Tutorial"). On a day when the clocks go forward a
 * wall-clock time inside the gap does not exist and Quartz does not fire for it that day; when they go back, a time
 * inside the repeated hour fires once, at its second occurrence (measured with Quartz 2.5.2, see
 * {@code CronRulesTests}). {@link #warnings} says so for the next year.
 */
final class CronRules {

	/** Longest expression Quartz's JDBC job store keeps ({@code qrtz_cron_triggers.cron_expression varchar(120)}). */
	static final int MAX_LENGTH = 120;

	/**
	 * A Java exception's class name and message in parentheses, as Quartz appends it to the end of some parse errors.
	 * The message itself may hold parentheses (Java 25: "Range [0, 3) out of bounds for length 1"), so it runs to the
	 * last one.
	 */
	private static final Pattern JAVA_EXCEPTION = Pattern
		.compile("\\s*\\((?:java|javax|org)\\.[\\w.$]+(?:Exception|Error)\\b.*\\)\\s*$");

	/**
	 * An increment of zero ({@code 0/0}, {@code *&#47;00}): Quartz 2.5 accepts it and reads {@code x/0} as {@code x}
	 * alone ({@code 0/0 * * * * ?} fires every minute, {@code 0 0/0 * * * ?} every hour), which nobody means by a step.
	 */
	private static final Pattern ZERO_STEP = Pattern.compile("/0*0(?![0-9])");

	private static final List<String> FIELDS = List.of("seconds", "minutes", "hours", "day-of-month", "month",
			"day-of-week", "year");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

	private static final DateTimeFormatter TIME_WITH_OFFSET = DateTimeFormatter.ofPattern("HH:mm:ssxxx");

	private CronRules() {
	}

	/**
	 * @param id IANA zone id, e.g. {@code Europe/Berlin} or {@code UTC}
	 * @return the zone
	 * @throws InvalidInputException (field {@code timeZone}) for an unknown or malformed id
	 */
	static ZoneId zone(@Nullable String id) {
		if (id == null || id.isBlank()) {
			throw new InvalidInputException("timeZone", "time zone is required, e.g. Europe/Berlin or UTC");
		}
		try {
			return ZoneId.of(id.strip());
		}
		catch (DateTimeException ex) {
			throw new InvalidInputException("timeZone", "unknown time zone '" + id
					+ "': use an IANA name such as Europe/Berlin, America/New_York or UTC");
		}
	}

	/**
	 * The {@link TimeZone} Quartz computes in for a zone. {@code TimeZone.getTimeZone(ZoneId)} knows offsets written
	 * as {@code +05:30} or {@code GMT+05:30} but silently answers GMT for {@code UTC+05:30} and {@code UT+05:30},
	 * which {@link ZoneId#of} accepts; a fixed-offset zone is therefore handed over as its offset.
	 * @param zone a zone from {@link #zone}
	 * @return the same rules as a {@link TimeZone}
	 */
	static TimeZone timeZone(ZoneId zone) {
		return TimeZone.getTimeZone(zone.normalized());
	}

	/**
	 * @param cron Quartz cron expression
	 * @param zone the zone its fields are read in
	 * @return the parsed expression
	 * @throws InvalidInputException (field {@code cron}) naming what is wrong, also for more than
	 * {@value #MAX_LENGTH} characters
	 */
	static CronExpression parse(@Nullable String cron, ZoneId zone) {
		if (cron == null || cron.isBlank()) {
			throw new InvalidInputException("cron", "cron expression is required, e.g. 0 0 2 ? 1,4,7,10 MON#1");
		}
		String text = cron.strip().replaceAll("\\s+", " ");
		if (text.length() > MAX_LENGTH) {
			throw new InvalidInputException("cron", "cron expression holds at most " + MAX_LENGTH + " characters");
		}
		int fields = text.split(" ").length;
		if (fields == 5) {
			throw new InvalidInputException("cron", "'" + text + "' has 5 fields like a crontab line; Quartz cron "
					+ "has 6 or 7: seconds minutes hours day-of-month month day-of-week [year], with ? in one of "
					+ "the day fields, e.g. 0 0 2 ? 1,4,7,10 MON#1 for 02:00 on the first Monday of each quarter");
		}
		if (fields < 6 || fields > 7) {
			throw new InvalidInputException("cron", "'" + text + "' has " + fields + " fields; Quartz cron has 6 or 7: "
					+ "seconds minutes hours day-of-month month day-of-week [year]");
		}
		String[] parts = text.split(" ");
		for (int i = 0; i < parts.length; i++) {
			if (ZERO_STEP.matcher(parts[i]).find()) {
				throw new InvalidInputException("cron", "'" + text + "' has a step of 0 in its " + FIELDS.get(i)
						+ " field ('" + parts[i] + "'): a step must be at least 1, e.g. 0/15 for every 15th from 0 "
						+ "(Quartz reads x/0 as x alone: 0/0 in the seconds field fires every minute)");
			}
		}
		try {
			CronExpression expression = new CronExpression(text);
			expression.setTimeZone(timeZone(zone));
			return expression;
		}
		catch (ParseException | RuntimeException ex) {
			throw new InvalidInputException("cron", "'" + text + "' is not a valid Quartz cron expression: "
					+ reason(ex) + " (fields: seconds minutes hours day-of-month month day-of-week [year], ? in one "
					+ "day field)");
		}
	}

	/**
	 * Quartz's own words for a {@link ParseException} ("Hour values must be between 0 and 23"), without the Java
	 * exception Quartz sometimes appends ({@code "Illegal cron expression format
	 * (java.lang.StringIndexOutOfBoundsException: begin 0, end 3, length 1)"} for {@code W} alone on Java 17,
	 * {@code "... (java.lang.StringIndexOutOfBoundsException: Range [0, 3) out of bounds for length 1)"} on Java 25);
	 * a bare runtime
	 * exception from inside Quartz's parser says nothing a user can act on, so it becomes "it cannot be read".
	 */
	private static String reason(Exception ex) {
		String message = ex.getMessage();
		if (!(ex instanceof ParseException) || message == null || message.isBlank()) {
			return "it cannot be read";
		}
		return JAVA_EXCEPTION.matcher(message).replaceAll("").strip();
	}

	/**
	 * @param expression parsed expression (with its zone)
	 * @param zone the zone to express the times in
	 * @param after exclusive start
	 * @param count most times to return
	 * @return the next fire times, fewer when the expression ends (a year field), with the zone's offset
	 */
	static List<ZonedDateTime> next(CronExpression expression, ZoneId zone, Instant after, int count) {
		List<ZonedDateTime> times = new ArrayList<>();
		Date cursor = Date.from(after);
		while (times.size() < count) {
			cursor = expression.getNextValidTimeAfter(cursor);
			if (cursor == null) {
				break;
			}
			times.add(cursor.toInstant().atZone(zone));
		}
		return times;
	}

	/**
	 * @param expression parsed expression
	 * @param after exclusive start
	 * @return the shortest gap between the next 10 fire times, or {@code null} when it fires fewer than twice more
	 */
	static @Nullable Duration shortestInterval(CronExpression expression, Instant after) {
		List<ZonedDateTime> times = next(expression, ZoneOffset.UTC, after, 10);
		Duration shortest = null;
		for (int i = 1; i < times.size(); i++) {
			Duration gap = Duration.between(times.get(i - 1), times.get(i));
			if (shortest == null || gap.compareTo(shortest) < 0) {
				shortest = gap;
			}
		}
		return shortest;
	}

	/**
	 * Notes for the daylight-saving changes of the zone in the year after {@code from} at which the expression names
	 * a wall-clock time that does not exist (clocks forward) or exists twice (clocks back), saying what Quartz does.
	 * @param cron the expression's text (already validated)
	 * @param zone its zone
	 * @param from start of the year looked at
	 * @return the notes, in time order; empty for zones without DST or expressions that avoid the changes
	 */
	static List<String> warnings(String cron, ZoneId zone, Instant from) {
		List<String> notes = new ArrayList<>();
		CronExpression zoned = parse(cron, zone);
		CronExpression wallClock = parse(cron, ZoneOffset.UTC);
		Instant end = from.plus(Duration.ofDays(366));
		ZoneOffsetTransition transition = zone.getRules().nextTransition(from);
		while (transition != null && transition.getInstant().isBefore(end)) {
			String note = transition.isGap() ? gapNote(transition, zoned, wallClock, zone)
					: overlapNote(transition, zoned, wallClock, zone);
			if (note != null) {
				notes.add(note);
			}
			transition = zone.getRules().nextTransition(transition.getInstant());
		}
		return notes;
	}

	private static @Nullable String gapNote(ZoneOffsetTransition gap, CronExpression zoned, CronExpression wallClock,
			ZoneId zone) {
		LocalDateTime named = firstNamed(wallClock, gap.getDateTimeBefore(), gap.getDateTimeAfter());
		if (named == null) {
			return null;
		}
		Instant shifted = named.atOffset(gap.getOffsetBefore()).toInstant();
		Date actual = zoned.getNextValidTimeAfter(Date.from(shifted.minusSeconds(1)));
		String outcome = (actual != null && actual.toInstant().equals(shifted))
				? "Quartz fires at " + TIME_WITH_OFFSET.format(shifted.atZone(zone)) + " instead"
				: "Quartz does not fire for it that day";
		return "On " + named.toLocalDate() + " the clocks in " + zone.getId() + " go forward from "
				+ TIME.format(gap.getDateTimeBefore()) + " to " + TIME.format(gap.getDateTimeAfter()) + ", so "
				+ TIME.format(named) + " does not exist that day: " + outcome + ".";
	}

	private static @Nullable String overlapNote(ZoneOffsetTransition overlap, CronExpression zoned,
			CronExpression wallClock, ZoneId zone) {
		LocalDateTime named = firstNamed(wallClock, overlap.getDateTimeAfter(), overlap.getDateTimeBefore());
		if (named == null) {
			return null;
		}
		Instant first = named.atOffset(overlap.getOffsetBefore()).toInstant();
		Instant second = named.atOffset(overlap.getOffsetAfter()).toInstant();
		boolean firesFirst = firesAt(zoned, first);
		boolean firesSecond = firesAt(zoned, second);
		String outcome;
		if (firesFirst && firesSecond) {
			outcome = "Quartz fires twice, at " + TIME_WITH_OFFSET.format(first.atZone(zone)) + " and "
					+ TIME_WITH_OFFSET.format(second.atZone(zone));
		}
		else if (firesFirst || firesSecond) {
			Instant at = firesFirst ? first : second;
			outcome = "Quartz fires once, at " + TIME_WITH_OFFSET.format(at.atZone(zone))
					+ (firesFirst ? " (the first time)" : " (the second time)");
		}
		else {
			outcome = "Quartz does not fire for it that day";
		}
		return "On " + named.toLocalDate() + " the clocks in " + zone.getId() + " go back from "
				+ TIME.format(overlap.getDateTimeBefore()) + " to " + TIME.format(overlap.getDateTimeAfter()) + ", so "
				+ TIME.format(named) + " happens twice: " + outcome + ".";
	}

	/** The first wall-clock time in [start, end) that the expression names, read as if in UTC. */
	private static @Nullable LocalDateTime firstNamed(CronExpression wallClock, LocalDateTime start,
			LocalDateTime end) {
		Date next = wallClock.getNextValidTimeAfter(Date.from(start.toInstant(ZoneOffset.UTC).minusSeconds(1)));
		if (next == null || !next.toInstant().isBefore(end.toInstant(ZoneOffset.UTC))) {
			return null;
		}
		return LocalDateTime.ofInstant(next.toInstant(), ZoneOffset.UTC);
	}

	private static boolean firesAt(CronExpression zoned, Instant at) {
		Date next = zoned.getNextValidTimeAfter(Date.from(at.minusSeconds(1)));
		return next != null && next.toInstant().equals(at);
	}

}
