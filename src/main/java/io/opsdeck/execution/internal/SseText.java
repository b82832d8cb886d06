package io.opsdeck.execution.internal;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-Sent Events in {@code text/event-stream} format, collected so that several events reach the client with
 * one write and one flush ({@link RunEventStream}). Also formats line events that are not sent here but shared by
 * every viewer of a run ({@link RunViewers}). Not thread-safe: one per stream, or one per formatted batch.
 */
final class SseText {

	/** Serialises each event's {@code data}; thread-safe, so shared by every stream. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Characters of buffer a stream keeps between flushes at most: its own events are small. */
	private static final int KEPT_CAPACITY = 8192;

	private final RunEventStream.@Nullable Sink sink;

	private StringBuilder text = new StringBuilder();

	/** @param sink the client, or {@code null} to only collect the text ({@link #text()}) */
	SseText(RunEventStream.@Nullable Sink sink) {
		this.sink = sink;
	}

	/**
	 * @param part raw stream text, such as a {@code retry:} field or a {@code : comment}; it ends with a blank line
	 * when it is a whole event
	 */
	void write(String part) {
		text.append(part);
	}

	/**
	 * Adds one event: {@code id: <id>} (when given), {@code event: <name>} and {@code data: <data as JSON>}.
	 * @param id the line's sequence number, the client's {@code Last-Event-ID} when it reconnects; {@code null} for
	 * events that are not lines
	 * @param name the event type ({@code line}, {@code status}, {@code end})
	 * @param data serialised as one line of JSON
	 * @throws tools.jackson.core.JacksonException when {@code data} cannot be serialised
	 */
	void event(@Nullable Long id, String name, Object data) {
		if (id != null) {
			text.append("id: ").append(Long.toString(id)).append('\n');
		}
		text.append("event: ").append(name).append("\ndata: ").append(JSON.writeValueAsString(data)).append("\n\n");
	}

	/**
	 * Sends what was collected since the last flush (nothing when there is nothing, or no sink).
	 * @throws IOException when the client went away
	 */
	void flush() throws IOException {
		if (text.length() > 0 && sink != null) {
			sink.send(text.toString());
			// a viewer's own text is small (status, keep-alive, end); never keep a large buffer per viewer
			text = (text.capacity() > KEPT_CAPACITY) ? new StringBuilder() : text.delete(0, text.length());
		}
	}

	/** @return what was collected and not yet flushed */
	String text() {
		return text.toString();
	}

}
