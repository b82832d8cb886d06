package io.opsdeck.execution.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * Line events of one run, formatted once and shared by every viewer at the same position: 100 viewers of a live run
 * wake together, and the first one to ask for "the lines after N" reads and formats them while the others wait for
 * its text instead of doing the same work again.
 * <p>
 * A batch covers the lines after {@code afterSeq} up to {@code lastSeq}; lines never change once written, so a
 * batch stays valid for ever. The cache keeps the newest few batches, bounded by count and by characters, so its
 * memory does not grow with the run or the number of viewers.
 */
final class SharedEvents {

	/**
	 * Formatted events for the lines after {@code afterSeq} through {@code lastSeq}, encoded once: every viewer
	 * writes these same bytes (never modify them).
	 */
	record Batch(long afterSeq, long lastSeq, byte[] utf8) {

		Batch(long afterSeq, long lastSeq, String text) {
			this(afterSeq, lastSeq, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}

		String text() {
			return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

	/** Reads and formats the lines after a position. */
	@FunctionalInterface
	interface Loader {

		/** @return the batch, or {@code null} when there is no line after {@code afterSeq} yet (not cached) */
		@Nullable Batch load(long afterSeq);

	}

	private final int maxBatches;

	private final long maxChars;

	/** Insertion order is age order: the eldest goes first. */
	private final LinkedHashMap<Long, CompletableFuture<Batch>> batches = new LinkedHashMap<>();

	private long chars;

	/**
	 * @param maxBatches most batches kept
	 * @param maxChars most bytes of formatted text kept (a batch larger than this is used once, not kept)
	 */
	SharedEvents(int maxBatches, long maxChars) {
		this.maxBatches = maxBatches;
		this.maxChars = maxChars;
	}

	/**
	 * @param afterSeq the viewer's position
	 * @param loader reads and formats the lines after it when no other viewer did
	 * @return the batch after {@code afterSeq}, or {@code null} when there are no lines yet
	 * @throws RuntimeException what the loader threw (also to the viewers that waited for it)
	 */
	@Nullable Batch after(long afterSeq, Loader loader) {
		CompletableFuture<Batch> mine = new CompletableFuture<>();
		CompletableFuture<Batch> existing;
		synchronized (this) {
			existing = batches.putIfAbsent(afterSeq, mine);
		}
		if (existing != null) {
			return join(existing);
		}
		Batch batch;
		try {
			batch = loader.load(afterSeq);
		}
		catch (RuntimeException | Error ex) {
			forget(afterSeq, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
		if (batch == null) {
			forget(afterSeq, mine);
		}
		else {
			keep(afterSeq, mine, batch);
		}
		mine.complete(batch);
		return batch;
	}

	/** @return batches kept now (for tests) */
	synchronized int size() {
		return batches.size();
	}

	private synchronized void forget(long afterSeq, CompletableFuture<Batch> future) {
		batches.remove(afterSeq, future);
	}

	private synchronized void keep(long afterSeq, CompletableFuture<Batch> future, Batch batch) {
		if (batch.utf8().length > maxChars) {
			batches.remove(afterSeq, future);
			return;
		}
		chars += batch.utf8().length;
		Iterator<Map.Entry<Long, CompletableFuture<Batch>>> eldest = batches.entrySet().iterator();
		while ((batches.size() > maxBatches || chars > maxChars) && eldest.hasNext()) {
			Map.Entry<Long, CompletableFuture<Batch>> entry = eldest.next();
			if (entry.getValue() == future) {
				continue;
			}
			Batch done = entry.getValue().getNow(null);
			if (done == null) {
				continue; // still being loaded: its loader removes or keeps it
			}
			chars -= done.utf8().length;
			eldest.remove();
		}
	}

	private static @Nullable Batch join(CompletableFuture<Batch> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CompletionException(ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new CompletionException(ex.getCause());
		}
	}

}
