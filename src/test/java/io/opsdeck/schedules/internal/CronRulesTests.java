package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import io.opsdeck.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronRulesTests {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static List<OffsetDateTime> next(String cron, ZoneId zone, String after, int count) {
		CronExpression expression = CronRules.parse(cron, zone);
		return CronRules.next(expression, zone, Instant.parse(after), count).stream()
			.map(ZonedDateTime::toOffsetDateTime)
			.toList();
	}

	@Test
	void theQuarterlyPresetFiresOnTheFirstMondayOfEachQuarterAt0200In2027() {
		List<OffsetDateTime> times = next(SchedulePresets.QUARTERLY_DRILL_CRON, BERLIN, "2026-12-31T00:00:00Z", 4);

		assertThat(times).containsExactly(OffsetDateTime.parse("2027-01-04T02:00+01:00"),
				OffsetDateTime.parse("2027-04-05T02:00+02:00"), OffsetDateTime.parse("2027-07-05T02:00+02:00"),
				OffsetDateTime.parse("2027-10-04T02:00+02:00"));
		for (OffsetDateTime time : times) {
			assertThat(time.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
			assertThat(time.getDayOfMonth()).isLessThanOrEqualTo(7);
		}
	}

	@Test
	void theQuarterlyPresetIsTheFirstMondayInAnyZone() {
		ZoneId newYork = ZoneId.of("America/New_York");
		assertThat(next(SchedulePresets.QUARTERLY_DRILL_CRON, newYork, "2026-12-31T00:00:00Z", 2))
			.containsExactly(OffsetDateTime.parse("2027-01-04T02:00-05:00"),
					OffsetDateTime.parse("2027-04-05T02:00-04:00"));
	}

	@Test
	void at0230BerlinTheSpringForwardDayIsSkippedAndTheFallBackDayFiresOnceAtTheSecond0230() {
		// 2027-03-28: 02:00 CET -> 03:00 CEST, 02:30 does not exist; 2027-10-31: 03:00 CEST -> 02:00 CET
		assertThat(next("0 30 2 * * ?", BERLIN, "2027-03-26T12:00:00Z", 3)).containsExactly(
				OffsetDateTime.parse("2027-03-27T02:30+01:00"), OffsetDateTime.parse("2027-03-29T02:30+02:00"),
				OffsetDateTime.parse("2027-03-30T02:30+02:00"));
		assertThat(next("0 30 2 * * ?", BERLIN, "2027-10-29T12:00:00Z", 3)).containsExactly(
				OffsetDateTime.parse("2027-10-30T02:30+02:00"), OffsetDateTime.parse("2027-10-31T02:30+01:00"),
				OffsetDateTime.parse("2027-11-01T02:30+01:00"));
	}

	@Test
	void warningsSayWhatQuartzDoesOnTheDaylightSavingDays() {
		List<String> warnings = CronRules.warnings("0 30 2 * * ?", BERLIN, Instant.parse("2027-01-01T00:00:00Z"));

		assertThat(warnings).containsExactly(
				"On 2027-03-28 the clocks in Europe/Berlin go forward from 02:00:00 to 03:00:00, so 02:30:00 does not "
						+ "exist that day: Quartz does not fire for it that day.",
				"On 2027-10-31 the clocks in Europe/Berlin go back from 03:00:00 to 02:00:00, so 02:30:00 happens "
						+ "twice: Quartz fires once, at 02:30:00+01:00 (the second time).");
	}

	@Test
	void noWarningsForTimesOutsideTheChangeOrZonesWithoutDaylightSaving() {
		assertThat(CronRules.warnings("0 0 4 * * ?", BERLIN, Instant.parse("2027-01-01T00:00:00Z"))).isEmpty();
		assertThat(CronRules.warnings("0 30 2 * * ?", ZoneId.of("UTC"), Instant.parse("2027-01-01T00:00:00Z")))
			.isEmpty();
		// the quarterly drill never falls on a change day in Berlin (last Sundays of March and October)
		assertThat(CronRules.warnings(SchedulePresets.QUARTERLY_DRILL_CRON, BERLIN,
				Instant.parse("2027-01-01T00:00:00Z"))).isEmpty();
	}

	@Test
	void aCrontabLineIsRefusedWithTheQuartzForm() {
		assertThatThrownBy(() -> CronRules.parse("0 2 1-7 1,4,7,10 1", BERLIN))
			.isInstanceOfSatisfying(InvalidInputException.class, ex -> {
				assertThat(ex.field()).isEqualTo("cron");
				assertThat(ex.getMessage()).contains("5 fields like a crontab line").contains("0 0 2 ? 1,4,7,10 MON#1");
			});
	}

	@Test
	void aProblemNamesNoJavaExceptionWhateverQuartzAppends() {
		// Quartz answers "Illegal cron expression format (java.lang.StringIndexOutOfBoundsException: begin 0, end 3,
		// length 1)" for a W without a day, and similar for other half-written special characters
		for (String cron : new String[] { "0 0 0 W * ?", "0 0 0 ? * #", "0 0 0 ? * L#1", "0 0 0 1- * ?",
				"0 0 0 ? * MON#", "0 0 0 ? * 1/", "0 0 0 */ * ?" }) {
			assertThatThrownBy(() -> CronRules.parse(cron, BERLIN)).as(cron)
				.isInstanceOfSatisfying(InvalidInputException.class, ex -> {
					assertThat(ex.field()).isEqualTo("cron");
					assertThat(ex.getMessage()).contains("not a valid Quartz cron expression")
						.doesNotContain("java.")
						.doesNotContain("Exception");
				});
		}
		assertThatThrownBy(() -> CronRules.parse("0 0 0 W * ?", BERLIN))
			.hasMessageContaining("is not a valid Quartz cron expression: Illegal cron expression format (fields:");
	}

	@Test
	void invalidExpressionsAndZonesNameTheProblem() {
		assertThatThrownBy(() -> CronRules.parse("0 0 2 * * MON", BERLIN))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("not a valid Quartz cron expression")
			.hasMessageContaining("day-of-week AND a day-of-month");
		assertThatThrownBy(() -> CronRules.parse("0 0 25 * * ?", BERLIN)).hasMessageContaining("Hour");
		assertThatThrownBy(() -> CronRules.parse("", BERLIN)).hasMessageContaining("required");
		assertThatThrownBy(() -> CronRules.zone("Mars/Olympus_Mons"))
			.isInstanceOfSatisfying(InvalidInputException.class, ex -> {
				assertThat(ex.field()).isEqualTo("timeZone");
				assertThat(ex.getMessage()).contains("unknown time zone 'Mars/Olympus_Mons'");
			});
		assertThat(CronRules.zone("Europe/Berlin")).isEqualTo(BERLIN);
	}

	@Test
	void fixedOffsetZonesWrittenWithUtcOrUtAreReadInThatOffsetNotInGmt() {
		// ZoneId.of accepts UTC+05:30, but TimeZone.getTimeZone(ZoneId) answers GMT for it
		for (String id : List.of("UTC+05:30", "UT+05:30", "GMT+05:30", "+05:30")) {
			ZoneId zone = CronRules.zone(id);
			assertThat(next("0 30 2 * * ?", zone, "2026-12-31T12:00:00Z", 1)).as(id)
				.containsExactly(OffsetDateTime.parse("2027-01-01T02:30+05:30"));
			assertThat(CronRules.timeZone(zone).getRawOffset()).as(id).isEqualTo(5 * 3_600_000 + 30 * 60_000);
		}
		assertThat(CronRules.timeZone(BERLIN).getID()).isEqualTo("Europe/Berlin");
	}

	@Test
	void anExpressionLongerThanQuartzStoresIsRefused() {
		String cron = "0 0 2 ? * " + String.join(",", java.util.Collections.nCopies(40, "MON"));

		assertThatThrownBy(() -> CronRules.parse(cron, BERLIN))
			.isInstanceOfSatisfying(InvalidInputException.class, ex -> {
				assertThat(ex.field()).isEqualTo("cron");
				assertThat(ex.getMessage()).contains("at most 120 characters");
			});
	}

	/**
	 * Quartz 2.5 reads a step of 0 as no step: {@code 0 0/0 * * * ?} fired every minute. Refused, naming the field;
	 * steps such as /5, /05 and /10 stay valid.
	 */
	@Test
	void aZeroStepIsRefusedNamingItsField() {
		for (String[] cron : new String[][] { { "0 0/0 * * * ?", "minutes" }, { "0/00 * * * * ?", "seconds" },
				{ "0 0 */0 * * ?", "hours" }, { "0 0 2 ? 1/0 MON", "month" }, { "0 0 2 1/0 * ?", "day-of-month" } }) {
			assertThatThrownBy(() -> CronRules.parse(cron[0], BERLIN)).as(cron[0])
				.isInstanceOfSatisfying(InvalidInputException.class, ex -> {
					assertThat(ex.field()).isEqualTo("cron");
					assertThat(ex.getMessage()).contains("step of 0 in its " + cron[1] + " field")
						.contains("at least 1");
				});
		}
		assertThat(next("0 0/05 * * * ?", BERLIN, "2027-01-01T00:00:00Z", 2)).containsExactly(
				OffsetDateTime.parse("2027-01-01T01:05+01:00"), OffsetDateTime.parse("2027-01-01T01:10+01:00"));
		assertThat(next("0 0/10 * * * ?", BERLIN, "2027-01-01T00:00:00Z", 1))
			.containsExactly(OffsetDateTime.parse("2027-01-01T01:10+01:00"));
	}

}
