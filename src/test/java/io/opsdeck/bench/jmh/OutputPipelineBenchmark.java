package io.opsdeck.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.opsdeck.execution.internal.output.ChunkCodec;
import io.opsdeck.execution.internal.output.LineSplitter;
import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.SecretMasker;
import io.opsdeck.execution.internal.output.StreamKind;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Micro-benchmarks of the per-byte stages every line of run output passes (issue 8): splitting bytes into lines,
 * masking secrets, encoding a stored chunk and decoding it again. Each operation handles one batch of
 * {@link #LINES} log-like lines ({@link #batchBytes()} bytes), so {@code ops/s x batch bytes} is the stage's
 * throughput in bytes per second; {@code bench/jmh.sh} prints it in MB/s. Not a test: run by {@code bench/jmh.sh},
 * never by Surefire (no {@code Tests} suffix).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = { "-Xmx256m", "-XX:+UseG1GC" })
public class OutputPipelineBenchmark {

	/** Lines per operation: 5,000, a stored chunk at round 9's flush size (since round 10 a chunk holds up to 10,000). */
	public static final int LINES = 5_000;

	private byte[] bytes;

	private List<String> texts;

	private List<OutputLine> lines;

	private byte[] chunk;

	private SecretMasker masker;

	@Setup
	public void setUp() {
		Random random = new Random(8);
		StringBuilder all = new StringBuilder();
		texts = new ArrayList<>(LINES);
		lines = new ArrayList<>(LINES);
		long time = 1_764_918_000_000L;
		for (int i = 0; i < LINES; i++) {
			String text = String.format("2026-12-05T07:%02d:%02d.%03dZ INFO  worker-%02d request=%016x "
					+ "path=/api/v1/items/%d status=200 took=%dms", (i / 60000) % 60, (i / 1000) % 60, i % 1000, i % 16,
					random.nextLong(), random.nextInt(100_000), 1 + random.nextInt(900));
			texts.add(text);
			all.append(text).append('\n');
			time += random.nextInt(3);
			lines.add(new OutputLine(i + 1, time, StreamKind.STDOUT, "web-1", text, false, true));
		}
		bytes = all.toString().getBytes(StandardCharsets.UTF_8);
		chunk = ChunkCodec.encode(lines);
		masker = SecretMasker.of(List.of("s3cr3t-db-password", "AKIAEXAMPLEKEY123456"));
	}

	/** @return bytes of output one operation handles (text plus line feeds) */
	public int batchBytes() {
		return bytes.length;
	}

	/** Prints {@link #batchBytes()}, for bench/jmh.sh to turn operations per second into MB/s. */
	public static void main(String[] args) {
		OutputPipelineBenchmark benchmark = new OutputPipelineBenchmark();
		benchmark.setUp();
		System.out.println(benchmark.batchBytes());
	}

	@Benchmark
	public void splitLines(Blackhole sink) {
		LineSplitter splitter = new LineSplitter(64 * 1024, (text, wrapped, eol) -> sink.consume(text));
		for (int offset = 0; offset < bytes.length; offset += 32 * 1024) {
			splitter.write(bytes, offset, Math.min(32 * 1024, bytes.length - offset));
		}
		splitter.finish();
	}

	@Benchmark
	public void maskLines(Blackhole sink) {
		for (String text : texts) {
			sink.consume(masker.mask(text));
		}
	}

	@Benchmark
	public byte[] encodeChunk() {
		return ChunkCodec.encode(lines);
	}

	@Benchmark
	public List<OutputLine> decodeChunk() {
		return ChunkCodec.decode(1, chunk);
	}

}
