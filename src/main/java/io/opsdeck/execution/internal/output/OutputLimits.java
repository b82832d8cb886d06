package io.opsdeck.execution.internal.output;

/**
 * Memory and size bounds of one run's output pipeline.
 *
 * @param maxLineBytes longest line kept whole before it is wrapped, bytes
 * @param flushBytes pending (unstored) bytes that trigger an early flush
 * @param flushLines pending lines that trigger an early flush
 * @param maxPendingBytes pending bytes at which the producer waits for the database (back-pressure on the process)
 * @param retainBytes stored lines kept in memory for live viewers, bytes
 * @param retainLines stored lines kept in memory for live viewers, count
 * @param maxOutputBytes output kept per run; later output is discarded with a notice
 */
public record OutputLimits(int maxLineBytes, long flushBytes, int flushLines, long maxPendingBytes, long retainBytes,
		int retainLines, long maxOutputBytes) {

	/**
	 * Defaults: 64 KiB lines, flush at 1 MiB or 10,000 lines, block at 3 MiB, keep 1 MiB / 10,000 lines, 1 GiB cap.
	 * <p>
	 * A chunk of log-like output (~113 bytes a line) is bound by the 1 MiB, not the line count: ~100 chunks per
	 * 100 MB instead of ~210 at 5,000 lines: the flusher's CPU was 6-8 % lower in 12 of 12 pairs of two A/Bs (its
	 * per-insert cost; issue 8, tenth round, {@code docs/benchmarks.md}). The pending limit is unchanged, so what a
	 * young collection finds alive is too.
	 * <p>
	 * The pending and retained lines are what a young collection finds alive in a busy run's pipeline. With 8 MiB
	 * pending and 2 MiB / 20,000 lines kept, that was 10-20 MB at every young collection of a 100 MB SSH run, more
	 * than G1's survivor space under {@code -Xmx256m}: it was promoted, died in the old generation, and drove two to
	 * three concurrent marking cycles per run (a third of the JVM's CPU for the run). At 2 MiB pending (one 1 MiB
	 * batch being stored while the next fills) and 1 MiB kept, the lines die young (issue 8, sixth round).
	 * <p>
	 * 3 MiB pending since the flusher compresses the next batch while the previous one is inserted ({@link
	 * InsertQueue}): one batch being inserted, one compressed and one filling. At 2 MiB the producer still waited
	 * for each insert (async-profiler, wall clock); at 3 MiB a 100 MB SSH run was faster in 6 of 7 pairs, median
	 * 1.11 s against main's 1.73 s at the same JVM CPU (issue 8, twelfth round).
	 */
	public static OutputLimits defaults() {
		return new OutputLimits(64 * 1024, 1024 * 1024, 10_000, 3 * 1024 * 1024, 1024 * 1024, 10_000,
				1024L * 1024 * 1024);
	}

}
