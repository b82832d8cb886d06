package io.opsdeck.servermetrics.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes reading the same server in the same minute store one sample, not two (advisory lock plus the freshness
 * check), and the second reading's CPU use is computed from the first's counters.
 */
@IntegrationTest
class SampleStoreIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SampleStore store;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void concurrentNodesStoreOneSampleAndCpuUseComesFromThePreviousOne() throws Exception {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String environment = "samples-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(api.post("/api/v1/environments", Map.of("name", environment, "kind", "development",
				"cloudProvider", "aws", "region", "eu-central-1")).status()).isEqualTo(201);
		UUID server = UUID.fromString(api.post("/api/v1/servers", Map.of("name", environment + "-a", "host",
				"127.0.0.104", "username", "root", "environment", environment, "connection", "local"))
			.json().path("id").asString());

		NodeReading reading = new NodeReading(100.0, 200.0, 50.0, 40.0, 0.5);
		ExecutorService nodes = Executors.newFixedThreadPool(4);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> stored = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			stored.add(nodes.submit(() -> {
				start.await();
				return store.store(server, reading, null, Duration.ofSeconds(30));
			}));
		}
		start.countDown();
		int storedCount = 0;
		for (Future<Boolean> result : stored) {
			storedCount += result.get() ? 1 : 0;
		}
		nodes.shutdown();
		assertThat(storedCount).isEqualTo(1);
		assertThat(jdbc.queryForObject("select count(*) from server_metric_samples where server_id = ?", Long.class,
				server)).isEqualTo(1);

		// "read now" stores anyway; 100 s more CPU time, 25 of them idle: 75 % busy
		assertThat(store.store(server, new NodeReading(125.0, 300.0, 51.0, 40.0, 0.7), null, null)).isTrue();
		List<SampleStore.Sample> samples = store.since(server, java.time.Instant.now().minusSeconds(60));
		assertThat(samples).hasSize(2);
		assertThat(samples.get(0).cpuPercent()).isNull();
		assertThat(samples.get(1).cpuPercent()).isEqualTo(75.0);
	}

}
