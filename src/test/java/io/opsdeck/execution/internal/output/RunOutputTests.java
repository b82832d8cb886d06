package io.opsdeck.execution.internal.output;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.opsdeck.execution.RunStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunOutputTests {

	private final AtomicInteger flushRequests = new AtomicInteger();

	private RunOutput output(OutputLimits limits, SecretMasker masker) {
		return new RunOutput(UUID.randomUUID(), limits, masker, line -> line.text().startsWith("fatal:"),
				flushRequests::incrementAndGet, Clock.systemUTC());
	}

	private static OutputLimits small() {
		return new OutputLimits(1024, 100, 10, 10_000, 50, 5, 1_000_000);
	}

	@Test
	void numbersLinesWithoutGapsAndMasksSecrets() {
		RunOutput output = output(OutputLimits.defaults(), SecretMasker.of(List.of("hunter2", "hunter2-long")));
		output.append(StreamKind.STDOUT, null, "password is hunter2-long and hunter2", false, true);
		output.append(StreamKind.STDERR, null, "second", false, true);
		List<OutputLine> lines = output.after(0, 10).orElseThrow();
		assertThat(lines).extracting(OutputLine::seq).containsExactly(1L, 2L);
		assertThat(lines.get(0).text()).isEqualTo("password is ******** and ********");
	}

	@Test
	void dropsOnlyStoredLinesFromMemoryAndSendsReadersBehindTheWindowToTheDatabase() {
		RunOutput output = output(small(), SecretMasker.none());
		for (int i = 1; i <= 20; i++) {
			output.append(StreamKind.STDOUT, null, "line " + i, false, true);
		}
		assertThat(output.after(0, 100).orElseThrow()).hasSize(20);
		List<OutputLine> unstored = output.unstored();
		long bytes = unstored.stream().mapToLong(RunOutput::sizeOf).sum();
		output.stored(unstored.get(unstored.size() - 1).seq(), bytes, unstored.size());
		assertThat(output.unstored()).isEmpty();
		assertThat(output.firstInMemory()).isGreaterThan(1);
		assertThat(output.after(0, 100)).isEmpty();
		long first = output.firstInMemory();
		assertThat(output.after(first - 1, 100).orElseThrow()).extracting(OutputLine::seq).startsWith(first).endsWith(20L);
	}

	@Test
	void requestsAFlushWhenABatchFills() {
		RunOutput output = output(small(), SecretMasker.none());
		for (int i = 0; i < 9; i++) {
			output.append(StreamKind.STDOUT, null, "x", false, true);
		}
		assertThat(flushRequests.get()).isZero();
		output.append(StreamKind.STDOUT, null, "x", false, true);
		assertThat(flushRequests.get()).isEqualTo(1);
	}

	@Test
	void recordsTheFirstFailureOnce() {
		RunOutput output = output(OutputLimits.defaults(), SecretMasker.none());
		output.append(StreamKind.STDOUT, null, "ok", false, true);
		output.append(StreamKind.STDOUT, null, "fatal: [web-1]", false, true);
		output.failure(null, "later failure");
		assertThat(output.firstFailureSeq()).isEqualTo(2L);
	}

	@Test
	void discardsOutputBeyondTheLimitWithOneNotice() {
		RunOutput output = output(new OutputLimits(1024, 1 << 20, 10_000, 1 << 22, 1 << 20, 10_000, 20), SecretMasker.none());
		output.append(StreamKind.STDOUT, null, "0123456789", false, true);
		output.append(StreamKind.STDOUT, null, "0123456789", false, true);
		output.append(StreamKind.STDOUT, null, "more", false, true);
		List<OutputLine> lines = output.after(0, 10).orElseThrow();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(1).stream()).isEqualTo(StreamKind.SYSTEM);
		assertThat(lines.get(1).text()).contains("Output limit");
		assertThat(output.truncated()).isTrue();
	}

	@Test
	void awaitWakesOnNewLinesAndOnStatusChange() throws InterruptedException {
		RunOutput output = output(OutputLimits.defaults(), SecretMasker.none());
		output.status(RunStatus.RUNNING);
		assertThat(output.await(0, RunStatus.RUNNING, 10)).isFalse();
		output.append(StreamKind.STDOUT, null, "x", false, true);
		assertThat(output.await(0, RunStatus.RUNNING, 10)).isTrue();
		assertThat(output.await(1, RunStatus.RUNNING, 10)).isFalse();
		output.status(RunStatus.SUCCEEDED);
		assertThat(output.await(1, RunStatus.RUNNING, 10)).isTrue();
	}

}
