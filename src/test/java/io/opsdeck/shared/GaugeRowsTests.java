package io.opsdeck.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GaugeRowsTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final GaugeRows rows = new GaugeRows(MultiGauge.builder("opsdeck.test.status").register(registry));

	@Test
	void publishesExactlyTheLatestRows() {
		rows.replace(Map.of(Tags.of("server", "web-1"), 1, Tags.of("server", "web-2"), 2));
		rows.replace(Map.of(Tags.of("server", "web-2"), 5, Tags.of("server", "db-1"), 7.5));

		String scrape = registry.scrape();
		assertThat(scrape).doesNotContain("server=\"web-1\"")
			.contains("opsdeck_test_status{server=\"web-2\"} 5.0")
			.contains("opsdeck_test_status{server=\"db-1\"} 7.5");
		assertThat(registry.find("opsdeck.test.status").gauges()).hasSize(2);

		rows.replace(Map.of(Tags.of("server", "web-1"), 3)); // a series that comes back
		assertThat(registry.scrape()).contains("opsdeck_test_status{server=\"web-1\"} 3.0")
			.doesNotContain("server=\"web-2\"");
	}

	/**
	 * The CI failure this class exists for: a refresh replacing 200 rows while scrapes run. With
	 * {@code MultiGauge.register(rows, true)} a scrape saw a removed and a re-added meter at once and threw
	 * {@code DuplicateLabelsException} (micrometer#6851).
	 */
	@Test
	void scrapesWhileRowsAreReplacedNeverFail() throws Exception {
		rows.replace(hosts(0));
		AtomicBoolean stop = new AtomicBoolean();
		CompletableFuture<Integer> refresher = CompletableFuture.supplyAsync(() -> {
			int refreshes = 0;
			while (!stop.get()) {
				rows.replace(hosts(++refreshes));
			}
			return refreshes;
		});
		try {
			for (int scrape = 0; scrape < 300; scrape++) {
				String text = registry.scrape(); // throws on duplicate labels
				assertThat(text).contains("server=\"host-199\"");
			}
		}
		finally {
			stop.set(true);
		}
		assertThat(refresher.get()).isPositive();
		assertThat(registry.find("opsdeck.test.status").gauges()).hasSize(200);
	}

	private static Map<Tags, Integer> hosts(int value) {
		Map<Tags, Integer> hosts = new LinkedHashMap<>();
		for (int i = 0; i < 200; i++) {
			hosts.put(Tags.of("server", "host-" + i), value);
		}
		return hosts;
	}

}
