package io.opsdeck.drills.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RtoForecastTests {

	private static final LocalDate TODAY = LocalDate.parse("2026-01-01");

	private static final Instant START = Instant.parse("2025-10-03T00:00:00Z");

	@Test
	void noForecastWithoutADrill() {
		assertThat(RtoForecast.compute(List.of(), List.of(), 1800, TODAY)).isNull();
	}

	@Test
	void growingBackupsBreachTheTargetOnTheDateTheModelGives() {
		// 100 s fixed + 1000 s per GB; backups grow 10 MB a day from 1 GB
		List<RtoForecast.PastDrill> drills = List.of(new RtoForecast.PastDrill(100, 1000, 1_000_000_000L));
		List<RtoForecast.BackupPoint> backups = List.of(
				new RtoForecast.BackupPoint(START, 1_000_000_000L),
				new RtoForecast.BackupPoint(START.plusSeconds(86400L * 10), 1_100_000_000L),
				new RtoForecast.BackupPoint(START.plusSeconds(86400L * 20), 1_200_000_000L));

		RtoForecast forecast = RtoForecast.compute(drills, backups, 1800, TODAY);

		assertThat(forecast.secondsPerGigabyte()).isCloseTo(1000, within(1e-6));
		assertThat(forecast.growthBytesPerDay()).isCloseTo(10_000_000, within(1.0));
		// now: 100 + 1.2 GB * 1000 = 1300 s; 500 s of headroom at 10 s a day: 50 days
		assertThat(forecast.breachDate()).isEqualTo(TODAY.plusDays(50));
		assertThat(forecast.forecastSeconds()).isCloseTo(100 + 1000 * (1.2 + 0.01 * 91), within(0.01));
		assertThat(forecast.explanation()).contains("From 1 drill(s)").contains("breached around " + TODAY.plusDays(50));
	}

	@Test
	void flatBackupsNeverBreach() {
		List<RtoForecast.PastDrill> drills = List.of(new RtoForecast.PastDrill(100, 200, 1_000_000_000L),
				new RtoForecast.PastDrill(120, 220, 1_000_000_000L));
		List<RtoForecast.BackupPoint> backups = List.of(new RtoForecast.BackupPoint(START, 1_000_000_000L),
				new RtoForecast.BackupPoint(START.plusSeconds(86400L * 30), 1_000_000_000L));

		RtoForecast forecast = RtoForecast.compute(drills, backups, 1800, TODAY);

		assertThat(forecast.drills()).isEqualTo(2);
		assertThat(forecast.fixedSeconds()).isEqualTo(110);
		assertThat(forecast.breachDate()).isNull();
		assertThat(forecast.forecastSeconds()).isCloseTo(320, within(0.01));
	}

	@Test
	void aDrillAlreadyOverTheTargetIsBreachedToday() {
		RtoForecast forecast = RtoForecast.compute(List.of(new RtoForecast.PastDrill(100, 2000, 1_000_000_000L)),
				List.of(new RtoForecast.BackupPoint(START, 1_000_000_000L)), 1800, TODAY);

		assertThat(forecast.breachDate()).isEqualTo(TODAY);
		assertThat(forecast.explanation()).contains("already exceeded");
	}

}
