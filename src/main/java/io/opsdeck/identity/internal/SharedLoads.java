package io.opsdeck.identity.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import org.jspecify.annotations.Nullable;

/**
 * One load per key at a time, shared by the callers that ask for the same key while it runs (issue 8, fifth round:
 * when a token's cache entry expired, every request in flight with that token read it from PostgreSQL, up to 16 at
 * once under the scenario's wrk). A caller joins a running load only if the {@link IdentityCache#generation()} it
 * read is the one the load started at: after an invalidation (a revoked token, a disabled or demoted user) a caller
 * never gets the result of a load that may have read the rows from before it; it starts a load of its own instead.
 *
 * @param <K> the key (a token's hash)
 * @param <V> the result, {@code null} allowed (a rejection is shared too)
 */
final class SharedLoads<K, V> {

	private record Flight<V>(long generation, CompletableFuture<V> result) {
	}

	private final ConcurrentHashMap<K, Flight<V>> flights = new ConcurrentHashMap<>();

	/**
	 * @param generation the cache's generation, read by the caller before this call (and before any database read)
	 * @param loader reads the value; it is given {@code generation}. Its exception reaches every caller that shared
	 * the load
	 * @return the value of the running load of {@code key} started at {@code generation}, or of a new one
	 */
	@Nullable V load(K key, long generation, LongFunction<@Nullable V> loader) {
		Flight<V> mine = new Flight<>(generation, new CompletableFuture<>());
		Flight<V> flight = flights.compute(key,
				(k, running) -> (running != null && running.generation() == generation) ? running : mine);
		if (flight != mine) {
			return await(flight.result());
		}
		try {
			V value = loader.apply(generation);
			mine.result().complete(value);
			return value;
		}
		catch (Throwable ex) {
			mine.result().completeExceptionally(ex);
			throw ex;
		}
		finally {
			flights.remove(key, mine);
		}
	}

	/** @return how many loads are running (for tests) */
	int running() {
		return flights.size();
	}

	private static <V> V await(CompletableFuture<V> result) {
		try {
			return result.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

}
