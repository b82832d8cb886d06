package io.opsdeck.execution.internal.output;

import java.util.UUID;

/**
 * One encoded chunk of a run's lines {@code [firstSeq, lastSeq]}: {@code textBytes} bytes of output (line feeds
 * included) compressed into a pooled array, which {@link #close()} returns to the pool.
 */
final class OutputChunk implements AutoCloseable {

	final UUID runId;

	final long firstSeq;

	final long lastSeq;

	final int lineCount;

	final long textBytes;

	private final ChunkEncoder.Encoded data;

	OutputChunk(UUID runId, long firstSeq, long lastSeq, int lineCount, long textBytes,
			ChunkEncoder.Encoded data) {
		this.runId = runId;
		this.firstSeq = firstSeq;
		this.lastSeq = lastSeq;
		this.lineCount = lineCount;
		this.textBytes = textBytes;
		this.data = data;
	}

	/** @return the array holding the compressed chunk in {@code [0, length())}; valid until {@link #close()} */
	byte[] bytes() {
		return data.bytes();
	}

	/** @return the compressed chunk's length in bytes */
	int length() {
		return data.length();
	}

	/** Returns the array to the encoder's pool; idempotent. */
	@Override
	public void close() {
		data.close();
	}

}
