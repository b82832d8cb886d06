package io.opsdeck.bench.jmh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.opsdeck.execution.RunSummary;
import io.opsdeck.execution.RunSummaryJsonModule;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Micro-benchmark of writing one page of the runs list (50 {@link RunSummary}, scenario 6 of issue 8) as JSON:
 * {@code RunSummary} with its {@code IsoInstantSerializer} times against the same fields written with Jackson's own
 * {@code Instant} serializer ({@link JacksonTimes}). Operations per second; one operation is one page (~20 KB).
 * Run by {@code bench/jmh.sh RunPageBenchmark}, never by Surefire.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = { "-Xmx256m", "-XX:+UseG1GC" })
public class RunPageBenchmark {

	/** The same fields as {@link RunSummary}, with Jackson's default serializer for the times. */
	record JacksonTimes(UUID id, String kind, String status, @Nullable String environment, @Nullable String playbook,
			@Nullable String command, String triggeredBy, Instant createdAt, @Nullable Instant startedAt,
			@Nullable Instant finishedAt, long durationSeconds, @Nullable Integer exitCode, @Nullable String message,
			@Nullable String label) {

	}

	private final JsonMapper mapper = JsonMapper.builder().build();

	/** With the application's {@code RunSummarySerializer} (its module), as the runs list writes a page. */
	private final JsonMapper application = JsonMapper.builder()
		.addModule(new RunSummaryJsonModule())
		.build();

	private List<RunSummary> page;

	private List<JacksonTimes> defaultPage;

	@Setup
	public void setUp() {
		Random random = new Random(6);
		page = new ArrayList<>();
		defaultPage = new ArrayList<>();
		Instant base = Instant.parse("2026-12-05T13:09:31.271908Z");
		for (int i = 0; i < 50; i++) {
			Instant created = base.plusNanos(random.nextLong(1_000_000_000_000L) * 1_000);
			Instant started = created.plusMillis(random.nextInt(5_000));
			Instant finished = started.plusMillis(random.nextInt(600_000));
			RunSummary summary = new RunSummary(UUID.randomUUID(), "ssh", "SUCCEEDED", "staging", null,
					"journalctl --vacuum-time=30d", "token:ci-deploy", created, started, finished,
					(finished.toEpochMilli() - started.toEpochMilli()) / 1000, 0, null, null);
			page.add(summary);
			defaultPage.add(new JacksonTimes(summary.id(), summary.kind(), summary.status(), summary.environment(),
					summary.playbook(), summary.command(), summary.triggeredBy(), summary.createdAt(),
					summary.startedAt(), summary.finishedAt(), summary.durationSeconds(), summary.exitCode(),
					summary.message(), summary.label()));
		}
	}

	@Benchmark
	public byte[] isoInstantSerializer() {
		return mapper.writeValueAsBytes(page);
	}

	@Benchmark
	public byte[] runSummarySerializer() {
		return application.writeValueAsBytes(page);
	}

	@Benchmark
	public byte[] jacksonInstantSerializer() {
		return mapper.writeValueAsBytes(defaultPage);
	}

}
