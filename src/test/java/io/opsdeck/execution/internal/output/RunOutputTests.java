package io.opsdeck.execution.internal.output;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.opsdeck.execution.RunStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
	void linesBeforeComeWithWhereTheDatabaseTakesOverReadTogether() {
		RunOutput output = output(small(), SecretMasker.none());
		for (int i = 1; i <= 20; i++) {
			output.append(StreamKind.STDOUT, null, "line " + i, false, true);
		}
		RunOutput.LinesBefore all = output.before(21, 100);
		assertThat(all.lines()).extracting(OutputLine::seq).startsWith(1L).endsWith(20L).hasSize(20);
		assertThat(all.storedBelow()).isEqualTo(1);

		List<OutputLine> unstored = output.unstored();
		output.stored(20, unstored.stream().mapToLong(RunOutput::sizeOf).sum(), unstored.size());
		long first = output.firstInMemory();
		assertThat(first).isGreaterThan(1);

		RunOutput.LinesBefore nearest = output.before(21, 3);
		assertThat(nearest.lines()).extracting(OutputLine::seq).containsExactly(18L, 19L, 20L);
		assertThat(nearest.storedBelow()).isEqualTo(18);

		RunOutput.LinesBefore straddling = output.before(first + 2, 10);
		assertThat(straddling.lines()).extracting(OutputLine::seq).containsExactly(first, first + 1);
		assertThat(straddling.storedBelow()).isEqualTo(first);

		RunOutput.LinesBefore belowMemory = output.before(first - 1, 10);
		assertThat(belowMemory.lines()).isEmpty();
		assertThat(belowMemory.storedBelow()).isEqualTo(first - 1);
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
	void opsdecksOwnMessageDoesNotWaitForTheDatabaseWhenTheOutputIsAtThePendingLimit() {
		// a stop appends "…; stopping" before it signals the process; with the database away and the output at the
		// pending limit, it waited for room: SIGTERM of Opsdeck hung for as long as PostgreSQL was away (forever when
		// the embedded PostgreSQL had died), and the run's process was never signalled
		RunOutput output = output(small(), SecretMasker.none());
		Thread producer = new Thread(() -> {
			for (int i = 0; i < 10_000; i++) {
				output.append(StreamKind.STDOUT, null, "0123456789", false, true);
			}
		});
		producer.setDaemon(true);
		producer.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> output.totalBytes() >= 10_000);
		assertThat(producer.isAlive()).as("the producer waits for the database").isTrue();
		long before = output.lastSeq();
		org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> output.system(null, "Opsdeck shut down while the run was in progress; stopping"));
		assertThat(output.lastSeq()).isEqualTo(before + 1);
		assertThat(output.after(before, 1).orElseThrow().get(0).text()).endsWith("; stopping");
		producer.interrupt();
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
	void theDefaultsHoldAtMostThreeMiBUnstoredAndOneMiBStoredForViewers() throws Exception {
		// issue 8, sixth round: what waits for the flusher and what is kept for viewers is what a young collection
		// finds alive; at 8 MiB + 2 MiB it was promoted and drove G1's concurrent marking. Twelfth round: 3 MiB, one
		// batch being inserted, one compressed, one filling
		RunOutput output = output(OutputLimits.defaults(), SecretMasker.none());
		String line = "x".repeat(1023); // 1 KiB with its line feed
		for (int i = 0; i < 3071; i++) {
			output.append(StreamKind.STDOUT, null, line, false, true);
		}
		Thread producer = new Thread(() -> {
			output.append(StreamKind.STDOUT, null, line, false, true); // 3 MiB pending: goes in
			output.append(StreamKind.STDOUT, null, line, false, true); // waits for the flusher
		});
		producer.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> output.lastSeq() == 3072);
		producer.join(500);
		assertThat(producer.isAlive()).isTrue();
		assertThat(output.lastSeq()).isEqualTo(3072);
		// one 1 MiB batch stored: the producer goes on
		output.stored(1024, 1024L * 1024, 1024);
		producer.join(5_000);
		assertThat(producer.isAlive()).isFalse();
		assertThat(output.lastSeq()).isEqualTo(3073);
		// the rest stored: 1 MiB of stored lines stays in memory for viewers, the older ones are dropped
		output.stored(3073, 2049L * 1024, 2049);
		assertThat(output.firstInMemory()).isEqualTo(3073 - 1024 + 1);
		assertThat(output.after(2049, 10_000).orElseThrow()).hasSize(1024);
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

	@Test
	void masksASecretAProcessWritesInTwoHalvesWithAPauseBetween() throws Exception {
		String secret = "Pa55-split-" + UUID.randomUUID().toString().substring(0, 8);
		String first = secret.substring(0, 7);
		String rest = secret.substring(7);
		RunOutput output = output(OutputLimits.defaults(), SecretMasker.of(List.of(secret)));
		LineSplitter splitter = output.splitter(StreamKind.STDOUT, null);
		// a real process: the first half, flushed (printf is unbuffered in sh), a pause, then the rest
		Process process = new ProcessBuilder("sh", "-c", "printf 'before %s' \"$1\"; sleep 0.5; printf '%s after\\n' \"$2\"",
				"sh", first, rest)
			.redirectErrorStream(true)
			.start();
		int reads = 0;
		try (var in = process.getInputStream()) {
			byte[] buffer = new byte[8192];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				splitter.write(buffer, 0, n);
				reads++;
			}
		}
		splitter.finish();
		assertThat(process.waitFor()).isZero();

		assertThat(reads).as("the halves arrived in separate reads").isGreaterThanOrEqualTo(2);
		List<OutputLine> lines = output.after(0, 10).orElseThrow();
		assertThat(lines).extracting(OutputLine::text).containsExactly("before ******** after");
	}

	@Test
	void masksASecretSpanningTheLineWrapLimit() {
		String secret = "S3cr3t-wrap-0123456789";
		for (int offset = 40; offset < 70; offset++) {
			RunOutput output = output(new OutputLimits(64, 1_000_000, 5_000, 8_000_000, 2_000_000, 20_000, 1_000_000_000),
					SecretMasker.of(List.of(secret)));
			LineSplitter splitter = output.splitter(StreamKind.STDOUT, null);
			byte[] line = ("x".repeat(offset) + secret + "y".repeat(100) + "\n").getBytes();
			splitter.write(line, 0, line.length);
			splitter.finish();

			List<OutputLine> lines = output.after(0, 100).orElseThrow();
			String joined = String.join("", lines.stream().map(OutputLine::text).toList());
			assertThat(joined).as("offset " + offset).isEqualTo("x".repeat(offset) + SecretMasker.MASK + "y".repeat(100));
			assertThat(lines).allSatisfy(l -> assertThat(l.text()).doesNotContain("S3cr3t"));
			assertThat(lines.get(lines.size() - 1).eol()).isTrue();
		}
	}

	@Test
	void masksASecretSpanningThe64KiBWrapOfTheDefaultLimits() {
		String secret = "S3cr3t-at-64KiB-" + UUID.randomUUID();
		RunOutput output = output(OutputLimits.defaults(), SecretMasker.of(List.of(secret)));
		LineSplitter splitter = output.splitter(StreamKind.STDOUT, null);
		byte[] line = ("x".repeat(64 * 1024 - 10) + secret + " end\n").getBytes();
		for (int i = 0; i < line.length; i += 4096) {
			splitter.write(line, i, Math.min(4096, line.length - i));
		}
		splitter.finish();

		List<OutputLine> lines = output.after(0, 10).orElseThrow();
		assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
		assertThat(lines.get(0).wrapped()).isTrue();
		assertThat(String.join("", lines.stream().map(OutputLine::text).toList()))
			.isEqualTo("x".repeat(64 * 1024 - 10) + SecretMasker.MASK + " end");
	}

	@Test
	void outputEndingRightAtAWrapKeepsWhatWasHeldBack() {
		String secret = "S3cr3t-end-0123456789";
		RunOutput output = output(new OutputLimits(64, 1_000_000, 5_000, 8_000_000, 2_000_000, 20_000, 1_000_000_000),
				SecretMasker.of(List.of(secret)));
		LineSplitter splitter = output.splitter(StreamKind.STDOUT, null);
		byte[] text = "z".repeat(64).getBytes();
		splitter.write(text, 0, text.length);
		splitter.finish();

		List<OutputLine> lines = output.after(0, 10).orElseThrow();
		assertThat(String.join("", lines.stream().map(OutputLine::text).toList())).isEqualTo("z".repeat(64));
		assertThat(lines.get(lines.size() - 1).eol()).isFalse();
	}

	@Test
	void everyLineThroughTheSplitterCarriesItsExactUtf8SizeInOrderAndMasked() {
		// the splitter passes the size it knows for ASCII lines; masking, invalid UTF-8, wraps and held-back text
		// must fall back to counting (issue 8: the size is no longer recounted per use)
		OutputLimits limits = new OutputLimits(32, 1 << 20, 100_000, 1 << 24, 1 << 24, 100_000, 1 << 26);
		RunOutput output = output(limits, SecretMasker.of(List.of("s3cret-value")));
		LineSplitter splitter = output.splitter(StreamKind.STDOUT, "web-1");
		java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
		List<String> pieces = List.of("plain ascii line\n", "caf\u00e9 cr\u00e8me \u20ac \ud83d\ude00\n",
				"token=s3cret-value end\n", "x".repeat(70) + "\n", "\u00e9".repeat(40) + "\n",
				"wrap s3cret-value across the thirty-two byte limit\n", "\n", "tail without newline");
		for (String piece : pieces) {
			input.writeBytes(piece.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		input.writeBytes(new byte[] { 'b', 'a', 'd', (byte) 0xC3, '\n', (byte) 0xFF, 'o', 'k', '\n' });
		byte[] bytes = input.toByteArray();
		for (int at = 0; at < bytes.length; at += 7) { // reads that split lines and characters
			splitter.write(bytes, at, Math.min(7, bytes.length - at));
		}
		splitter.finish();
		List<OutputLine> lines = output.after(0, 1000).orElseThrow();
		assertThat(lines).allSatisfy(line -> assertThat(line.textBytes())
			.isEqualTo(line.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
		assertThat(lines).extracting(OutputLine::seq)
			.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, lines.size()).boxed().toList());
		assertThat(lines).noneMatch(line -> line.text().contains("s3cret"));
		StringBuilder joined = new StringBuilder();
		lines.forEach(line -> joined.append(line.text()).append(line.eol() ? "\n" : ""));
		String expected = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace("s3cret-value", "********");
		assertThat(joined.toString()).isEqualTo(expected);
		assertThat(output.totalBytes())
			.isEqualTo(lines.stream().mapToLong(RunOutput::sizeOf).sum());
	}

	@Test
	void linesKeptAsBytesAreTheSameLinesAndMaskedTheSameWhateverTheReads() {
		// the byte path (whole ASCII lines of one read, no String) against reads of one byte, which take the
		// decoding path for every line; secrets in ASCII, in UTF-8, split across reads, and next to invalid bytes
		String ascii = "S3cr3t-ascii-42";
		String unicode = "p\u00e4ssw\u00f6rd-\u20ac";
		SecretMasker masker = SecretMasker.of(List.of(ascii, unicode));
		java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
		input.writeBytes(LineSplitterTests.trickyInput());
		input.writeBytes("\n".getBytes());
		for (int i = 0; i < 50; i++) {
			input.writeBytes(("line " + i + " token=" + ascii + " pw=" + unicode + " end\r\n")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			input.writeBytes(("plain line " + i + " no secret at all\n").getBytes());
			input.writeBytes(new byte[] { 'x', (byte) 0xC3 });
			input.writeBytes((ascii + "\n").getBytes());
		}
		byte[] bytes = input.toByteArray();
		OutputLimits limits = new OutputLimits(48, 1 << 20, 100_000, 1 << 24, 1 << 24, 100_000, 1 << 26);
		List<OutputLine> reference = through(bytes, 1, limits, masker);
		String expected = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace(ascii, SecretMasker.MASK)
			.replace(unicode, SecretMasker.MASK);
		assertThat(joined(reference)).isEqualTo(expected);
		for (int readSize : new int[] { 2, 7, 13, 100, 4096, bytes.length }) {
			List<OutputLine> lines = through(bytes, readSize, limits, masker);
			assertThat(lines).as("reads of " + readSize).hasSameSizeAs(reference);
			for (int i = 0; i < lines.size(); i++) {
				OutputLine line = lines.get(i);
				OutputLine want = reference.get(i);
				assertThat(List.of(line.seq(), line.text(), line.wrapped(), line.eol(), line.textBytes()))
					.as("line " + i + ", reads of " + readSize)
					.isEqualTo(List.of(want.seq(), want.text(), want.wrapped(), want.eol(), want.textBytes()));
				assertThat(line.textBytes()).isEqualTo(line.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
			}
			List<OutputLine> decoded = ChunkCodec.decode(1, ChunkCodec.encode(lines));
			assertThat(joined(decoded)).isEqualTo(expected);
			if (readSize == bytes.length) {
				assertThat(lines).filteredOn(OutputLine::hasUtf8)
					.as("plain ASCII lines without a secret are kept as bytes")
					.hasSizeGreaterThanOrEqualTo(50)
					.allSatisfy(line -> assertThat(line.text()).doesNotContain(ascii).doesNotContain("\ufffd"));
			}
		}
	}

	@Test
	void aSecretAddedDuringTheRunMasksLinesThatWouldOtherwiseStayBytes() {
		RunOutput output = output(OutputLimits.defaults(), SecretMasker.none());
		LineSplitter splitter = output.splitter(StreamKind.STDOUT, "web-1");
		byte[] first = "passphrase=Late-Secret-1 before\n".getBytes();
		splitter.write(first, 0, first.length);
		output.addSecrets(List.of("Late-Secret-1"));
		byte[] second = "passphrase=Late-Secret-1 after\nclean\n".getBytes();
		splitter.write(second, 0, second.length);
		splitter.finish();
		assertThat(output.after(0, 10).orElseThrow()).extracting(OutputLine::text)
			.containsExactly("passphrase=Late-Secret-1 before", "passphrase=******** after", "clean");
	}

	@Test
	void theOutputLimitCutsLinesKeptAsBytesLikeAnyOther() {
		RunOutput output = output(new OutputLimits(1024, 100, 10, 10_000, 50, 5, 30), SecretMasker.none());
		LineSplitter splitter = output.splitter(StreamKind.STDOUT, null);
		byte[] bytes = "0123456789\n0123456789\n0123456789\n0123456789\n".getBytes();
		splitter.write(bytes, 0, bytes.length);
		splitter.finish();
		List<OutputLine> lines = output.after(0, 10).orElseThrow();
		assertThat(lines).extracting(OutputLine::text).startsWith("0123456789", "0123456789");
		assertThat(lines).hasSize(3);
		assertThat(lines.get(2).stream()).isEqualTo(StreamKind.SYSTEM);
		assertThat(output.truncated()).isTrue();
		assertThat(output.totalBytes()).isEqualTo(22 + RunOutput.sizeOf(lines.get(2)));
	}

	@Test
	void theLinesOfOneReadWaitForTheDatabaseLineByLineAndViewersSeeWhatCameBefore() throws Exception {
		// a read's whole lines are appended under one lock (issue 8, seventh round); the pending limit still holds per line
		RunOutput output = output(new OutputLimits(1024, 1_000, 1_000, 100, 0, 0, 1_000_000), SecretMasker.none());
		LineSplitter splitter = output.splitter(StreamKind.STDOUT, "web-1");
		byte[] read = "012345678\n".repeat(20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		Thread producer = new Thread(() -> splitter.write(read, 0, read.length));
		producer.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> output.lastSeq() == 10);
		assertThat(output.await(9, RunStatus.QUEUED, 1_000)).isTrue();
		producer.join(500);
		assertThat(producer.isAlive()).as("waits at 100 pending bytes").isTrue();
		assertThat(output.lastSeq()).isEqualTo(10);
		assertThat(output.unstored()).extracting(OutputLine::text).containsOnly("012345678").hasSize(10);
		output.stored(10, 100, 10);
		producer.join(5_000);
		assertThat(producer.isAlive()).isFalse();
		assertThat(output.lastSeq()).isEqualTo(20);
		assertThat(output.unstored()).extracting(OutputLine::seq).containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L,
				18L, 19L, 20L);
	}

	private List<OutputLine> through(byte[] bytes, int readSize, OutputLimits limits, SecretMasker masker) {
		RunOutput output = output(limits, masker);
		LineSplitter splitter = output.splitter(StreamKind.STDOUT, "web-1");
		byte[] buffer = new byte[readSize];
		for (int at = 0; at < bytes.length; at += readSize) {
			int n = Math.min(readSize, bytes.length - at);
			System.arraycopy(bytes, at, buffer, 0, n);
			splitter.write(buffer, 0, n);
			java.util.Arrays.fill(buffer, (byte) '#'); // the pump reuses its buffer
		}
		splitter.finish();
		return output.after(0, 100_000).orElseThrow();
	}

	private static String joined(List<OutputLine> lines) {
		StringBuilder joined = new StringBuilder();
		lines.forEach(line -> joined.append(line.text()).append(line.eol() ? "\n" : ""));
		return joined.toString();
	}

}
