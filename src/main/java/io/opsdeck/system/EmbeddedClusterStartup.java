package io.opsdeck.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * The embedded PostgreSQL's start on a thread of its own ({@code embedded-postgres-start}), begun before the
 * application context creates its beans (issue 8, start-up time): {@link #await()} hands the running cluster to the
 * data source bean, or throws what the start threw. {@link #destroy()} stops the server, whether or not
 * anyone took it, so a context that fails before it needs the database leaves no PostgreSQL behind.
 */
final class EmbeddedClusterStartup implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedClusterStartup.class);

	/** What starts the cluster; may block for as long as PostgreSQL takes. */
	@FunctionalInterface
	interface Start {

		EmbeddedCluster start() throws IOException;

	}

	private final CompletableFuture<EmbeddedCluster> cluster = new CompletableFuture<>();

	private EmbeddedClusterStartup() {
	}

	/** @return the start, already under way on its own thread */
	static EmbeddedClusterStartup begin(Start start) {
		EmbeddedClusterStartup startup = new EmbeddedClusterStartup();
		Thread thread = new Thread(() -> {
			try {
				startup.cluster.complete(start.start());
			}
			catch (Throwable ex) {
				startup.cluster.completeExceptionally(ex);
			}
		}, "embedded-postgres-start");
		thread.setDaemon(true);
		thread.start();
		return startup;
	}

	/**
	 * Waits for the start to finish.
	 * @return the running cluster
	 * @throws IOException if PostgreSQL could not be started
	 * @throws IllegalStateException as {@link EmbeddedCluster#start} throws it (e.g. the password file is missing)
	 */
	EmbeddedCluster await() throws IOException {
		try {
			return this.cluster.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while the embedded PostgreSQL was starting", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(cause);
		}
	}

	/** Stops the cluster once its start has finished (waits for that); nothing to do if the start failed. */
	@Override
	public void destroy() throws IOException {
		EmbeddedCluster started;
		try {
			started = this.cluster.join();
		}
		catch (CompletionException | CancellationException ex) {
			return;
		}
		try {
			started.close();
		}
		catch (UncheckedIOException ex) {
			log.warn("Could not stop the embedded PostgreSQL", ex);
		}
	}

}
