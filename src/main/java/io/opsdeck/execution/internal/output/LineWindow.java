package io.opsdeck.execution.internal.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A ring of consecutive lines, addressable by sequence number: the part of a live run's output held in memory.
 * Not thread-safe; {@link RunOutput} guards it.
 */
final class LineWindow {

	/** Its length is a power of two, so that a position in it is a mask, not a division (issue 8). */
	private OutputLine[] ring = new OutputLine[1024];

	private int head;

	private int size;

	/** Sequence number of the first line held; meaningful when not empty. */
	private long firstSeq = 1;

	void add(OutputLine line) {
		if (size == 0) {
			firstSeq = line.seq();
		}
		if (size == ring.length) {
			grow();
		}
		ring[(head + size) & (ring.length - 1)] = line;
		size++;
	}

	OutputLine removeFirst() {
		OutputLine line = ring[head];
		ring[head] = null;
		head = (head + 1) & (ring.length - 1);
		size--;
		firstSeq++;
		return line;
	}

	OutputLine first() {
		return ring[head];
	}

	int size() {
		return size;
	}

	/** @return sequence number of the first line held, or {@code next} if empty */
	long firstSeq(long next) {
		return (size == 0) ? next : firstSeq;
	}

	/** @return up to {@code max} lines with seq in {@code [from, to]} */
	List<OutputLine> range(long from, long to, int max) {
		if (size == 0) {
			return new ArrayList<>();
		}
		long start = Math.max(from, firstSeq);
		long end = Math.min(to, firstSeq + size - 1);
		// sized once: the flusher asks for every pending line (up to ~75,000 at the 8 MiB limit of round 5, ~19,000
		// at rounds 6-11's 2 MiB, ~28,000 at round 12's 3 MiB); JFR counted 14 MB of ArrayList growth in a 100 MB SSH
		// run's 250 MB of allocation, and this is the list that run path grows (issue 8, fifth round)
		List<OutputLine> result = new ArrayList<>((int) Math.max(0, Math.min(max, end - start + 1)));
		int mask = ring.length - 1;
		int at = (int) ((head + (start - firstSeq)) & mask);
		for (long seq = start; seq <= end && result.size() < max; seq++) {
			result.add(ring[at]);
			at = (at + 1) & mask;
		}
		return result;
	}

	private void grow() {
		OutputLine[] bigger = new OutputLine[ring.length * 2];
		for (int i = 0; i < size; i++) {
			bigger[i] = ring[(head + i) & (ring.length - 1)];
		}
		ring = bigger;
		head = 0;
	}

}
