package io.opsdeck.logs.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.opsdeck.execution.RemoteRead;
import io.opsdeck.identity.CredentialRechecks;
import io.opsdeck.logs.internal.LogFormat;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Copies a {@link RemoteRead}'s output to an HTTP response and stops the read when the response ends, whichever way.
 * <p>
 * The Servlet API says nothing when a client goes away; only a write fails. A followed log may be silent for hours,
 * so after {@code opsdeck.logs.heartbeat} (default 5 s) without output a followed response gets an empty line
 * (journalctl never prints one; clients skip them): the write after the client has gone fails, the read is closed
 * and the remote {@code journalctl -f} stopped. A followed read ends after {@code opsdeck.logs.follow-limit}
 * (default one hour); a one-shot read after two minutes.
 */
@Component
class LogStreaming implements DisposableBean {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LogStreaming.class);

	private static final int BUFFER_BYTES = 16 * 1024;

	/** A one-shot read that takes longer than this is cut short. */
	static final Duration READ_LIMIT = Duration.ofMinutes(2);

	private final Duration heartbeat;

	private final Duration followLimit;

	private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, runnable -> {
		Thread thread = new Thread(runnable, "opsdeck-logs-timer");
		thread.setDaemon(true);
		return thread;
	});

	private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "opsdeck-logs-follow");
		thread.setDaemon(true);
		return thread;
	});

	LogStreaming(@Value("${opsdeck.logs.heartbeat:5s}") Duration heartbeat,
			@Value("${opsdeck.logs.follow-limit:1h}") Duration followLimit) {
		this.heartbeat = heartbeat;
		this.followLimit = followLimit;
	}

	/**
	 * A one-shot read: the first bytes are read here, so that a command that fails at once becomes an error response
	 * instead of an empty 200.
	 * @return the body; or none, with the reason, when the command ended with a non-zero status and an error message
	 * before writing anything (the read is then closed)
	 */
	Prefetched prefetch(RemoteRead read) {
		ScheduledFuture<?> limit = timer.schedule(read::close, READ_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
		long asked = System.nanoTime();
		byte[] first = new byte[BUFFER_BYTES];
		int n;
		try {
			n = read.stdout().read(first);
		}
		catch (IOException ex) {
			n = -1;
		}
		log.debug("first bytes of a one-shot read after {} ms ({} bytes)", (System.nanoTime() - asked) / 1_000_000, n);
		if (n < 0) {
			Integer exit = read.awaitExit(Duration.ofSeconds(10));
			String errors = read.stderr().strip();
			// journalctl --grep exits 1 when nothing matched, silently: that is an empty log, not a failure
			if (exit == null || (exit != 0 && !errors.isEmpty())) {
				read.close();
				limit.cancel(false);
				return new Prefetched(null, (exit == null) ? "journalctl ended without an exit status"
						: "journalctl exited with status " + exit + (errors.isEmpty() ? "" : ": " + errors));
			}
		}
		int length = n;
		StreamingResponseBody body = out -> {
			long started = System.nanoTime();
			try {
				if (length > 0) {
					out.write(first, 0, length);
					out.flush();
				}
				if (length >= 0) {
					read.stdout().transferTo(out);
				}
				out.flush();
				log.debug("one-shot read copied in {} ms", (System.nanoTime() - started) / 1_000_000);
			}
			finally {
				limit.cancel(false);
				// the response is complete; closing (and, if it still runs, stopping the command) happens aside
				readers.execute(read::close);
			}
		};
		return new Prefetched(body, null);
	}

	/**
	 * @param body the response body, or {@code null} when the command failed
	 * @param failure why it failed, else {@code null}
	 */
	record Prefetched(StreamingResponseBody body, String failure) {
	}

	/**
	 * A followed read: live until the client goes, the command ends, the follow limit is reached or the request's
	 * credential no longer may read the server's logs ({@code recheck}, asked on the heartbeat timer, every
	 * {@code max(0.5 s, heartbeat / 2)}: a revoked token, a disabled user or a signed-out session ends the response
	 * within a few seconds, a plain-text one after a last line {@code -- <why> --}).
	 */
	ResponseBodyEmitter follow(RemoteRead read, LogFormat format, CredentialRechecks.Recheck recheck) {
		ResponseBodyEmitter emitter = new ResponseBodyEmitter(followLimit.toMillis());
		MediaType type = MediaType.parseMediaType(format.contentType());
		Follow follow = new Follow(read, emitter, type, recheck);
		emitter.onCompletion(read::close);
		emitter.onTimeout(read::close);
		emitter.onError(error -> read.close());
		long period = Math.max(500, heartbeat.toMillis() / 2);
		ScheduledFuture<?> beat = timer.scheduleAtFixedRate(follow::heartbeat, period, period, TimeUnit.MILLISECONDS);
		readers.execute(() -> {
			try {
				follow.pump();
			}
			finally {
				beat.cancel(false);
			}
		});
		return emitter;
	}

	private final class Follow {

		private final RemoteRead read;

		private final ResponseBodyEmitter emitter;

		private final MediaType type;

		private volatile long lastWrite = System.nanoTime();

		private volatile boolean atLineStart = true;

		/** Asked only on the timer thread (one thread), as {@link CredentialRechecks.Recheck} requires. */
		private final CredentialRechecks.Recheck recheck;

		private boolean ended;

		Follow(RemoteRead read, ResponseBodyEmitter emitter, MediaType type, CredentialRechecks.Recheck recheck) {
			this.read = read;
			this.emitter = emitter;
			this.type = type;
			this.recheck = recheck;
		}

		void pump() {
			byte[] buffer = new byte[BUFFER_BYTES];
			try (read; InputStream in = read.stdout()) {
				int n;
				while ((n = in.read(buffer)) >= 0) {
					if (n == 0) {
						continue;
					}
					byte[] chunk = java.util.Arrays.copyOf(buffer, n);
					synchronized (this) {
						emitter.send(chunk, type);
						atLineStart = chunk[n - 1] == '\n';
						lastWrite = System.nanoTime();
					}
				}
				String errors = read.stderr().strip();
				Integer exit = read.awaitExit(Duration.ofSeconds(5));
				if (exit != null && exit != 0 && !errors.isEmpty() && type.getSubtype().equals("plain")) {
					synchronized (this) {
						emitter.send(((atLineStart ? "" : "\n") + "-- journalctl exited with status " + exit + ": "
								+ errors + " --\n").getBytes(StandardCharsets.UTF_8), type);
					}
				}
				emitter.complete();
			}
			catch (IOException | RuntimeException ex) {
				// the client went away (or the emitter ended): closing the read stops the remote command
				try {
					emitter.completeWithError(ex);
				}
				catch (RuntimeException alreadyCompleted) {
					// nothing left to tell the client
				}
			}
		}

		synchronized void heartbeat() {
			if (ended) {
				return;
			}
			Optional<String> why = recheck.ended();
			if (why.isPresent()) {
				end(why.get());
				return;
			}
			if (!atLineStart || System.nanoTime() - lastWrite < heartbeat.toNanos()) {
				return;
			}
			try {
				emitter.send(new byte[] { '\n' }, type);
				lastWrite = System.nanoTime();
			}
			catch (IOException | RuntimeException ex) {
				// stopping takes a round trip to the server: not on the timer thread
				readers.execute(read::close);
			}
		}


		/** The credential may no longer read these logs: a last line (plain text), the response ends, the read stops. */
		private void end(String why) {
			ended = true;
			try {
				if (type.getSubtype().equals("plain")) {
					emitter.send(((atLineStart ? "" : "\n") + "-- " + why + " --\n").getBytes(StandardCharsets.UTF_8),
							type);
				}
				emitter.complete();
			}
			catch (IOException | RuntimeException ex) {
				// the client is gone already
			}
			readers.execute(read::close);
		}
	}

	@Override
	public void destroy() {
		timer.shutdownNow();
		readers.shutdownNow();
	}

}
