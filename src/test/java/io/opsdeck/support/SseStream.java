package io.opsdeck.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client over {@code java.net.http}, reading on its own thread: events arrive in a queue with
 * the time they arrived, so tests can tell whether lines came while a run was still going.
 */
public final class SseStream implements AutoCloseable {

	/** One dispatched event. */
	public record Event(String id, String name, String data, long receivedAtMillis) {
	}

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final InputStream body;

	private final int status;

	private final Thread reader;

	private volatile boolean ended;

	private SseStream(HttpResponse<InputStream> response) {
		this.status = response.statusCode();
		this.body = response.body();
		this.reader = new Thread(this::read, "sse-test-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Opens {@code GET path} with {@code Accept: text/event-stream}.
	 * @param lastEventId sent as {@code Last-Event-ID} when not {@code null}
	 */
	public static SseStream open(ApiClient api, String path, String lastEventId) {
		HttpRequest.Builder request = api.request(path).timeout(Duration.ofMinutes(5)).header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		try {
			return new SseStream(api.http().send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Opens a prepared request (e.g. a browser's, with its session cookie) with {@code Accept: text/event-stream}. */
	public static SseStream open(HttpClient http, HttpRequest.Builder request) {
		try {
			return new SseStream(http.send(request.header("Accept", "text/event-stream").GET().build(),
					HttpResponse.BodyHandlers.ofInputStream()));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public int status() {
		return status;
	}

	/** @return the next event, waiting up to {@code timeout}; {@code null} if none came */
	public Event next(Duration timeout) throws InterruptedException {
		return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** @return events up to and including the first named {@code name}, waiting up to {@code timeout} in all */
	public List<Event> until(String name, Duration timeout) throws InterruptedException {
		List<Event> result = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			Event event = events.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
			if (event == null) {
				break;
			}
			result.add(event);
			if (event.name().equals(name)) {
				return result;
			}
		}
		throw new AssertionError("no '" + name + "' event within " + timeout + "; got " + result.size() + " events");
	}

	/** @return whether the server closed the stream */
	public boolean ended() {
		return ended;
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			String id = null;
			String name = "message";
			StringBuilder data = new StringBuilder();
			String line;
			while ((line = in.readLine()) != null) {
				if (line.isEmpty()) {
					if (data.length() > 0) {
						events.add(new Event(id, name, data.toString(), System.currentTimeMillis()));
					}
					name = "message";
					data.setLength(0);
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).trim();
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					if (data.length() > 0) {
						data.append('\n');
					}
					data.append(line.substring(5).stripLeading());
				}
			}
		}
		catch (IOException ex) {
			// closed by close() or the server
		}
		finally {
			ended = true;
		}
	}

	@Override
	public void close() {
		try {
			body.close();
		}
		catch (IOException ex) {
			// already closed
		}
		reader.interrupt();
	}

}
