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

	/** Defaults: 64 KiB lines, flush at 1 MiB or 5,000 lines, block at 8 MiB, keep 2 MiB / 20,000 lines, 1 GiB cap. */
	public static OutputLimits defaults() {
		return new OutputLimits(64 * 1024, 1024 * 1024, 5_000, 8 * 1024 * 1024, 2 * 1024 * 1024, 20_000,
				1024L * 1024 * 1024);
	}

}
