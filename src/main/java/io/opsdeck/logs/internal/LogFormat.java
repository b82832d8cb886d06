package io.opsdeck.logs.internal;

import java.util.Locale;

import io.opsdeck.shared.InvalidInputException;

/**
 * How a log read comes back: journalctl's {@code short-iso} text, one line per entry, or journald's own JSON export
 * ({@code -o json}), one JSON object per line (every field of the entry, e.g. {@code MESSAGE},
 * {@code CONTAINER_NAME}, {@code __REALTIME_TIMESTAMP} in microseconds).
 */
public enum LogFormat {

	/** {@code text/plain}, {@code journalctl -o short-iso}. */
	TEXT("short-iso", "text/plain;charset=UTF-8", "log"),

	/** {@code application/x-ndjson}, {@code journalctl -o json}. */
	JSON("json", "application/x-ndjson", "ndjson");

	private final String output;

	private final String contentType;

	private final String extension;

	LogFormat(String output, String contentType, String extension) {
		this.output = output;
		this.contentType = contentType;
		this.extension = extension;
	}

	/** @return journalctl's {@code -o} value */
	public String output() {
		return output;
	}

	/** @return the response's content type */
	public String contentType() {
		return contentType;
	}

	/** @return the file extension of a download */
	public String extension() {
		return extension;
	}

	/**
	 * @param value {@code text} or {@code json}, any case; {@code null} for text
	 * @return the format
	 * @throws InvalidInputException (field {@code format}) for anything else
	 */
	public static LogFormat of(String value) {
		if (value == null || value.isBlank() || value.equalsIgnoreCase("text")) {
			return TEXT;
		}
		if (value.equalsIgnoreCase("json")) {
			return JSON;
		}
		throw new InvalidInputException("format", "format must be text or json");
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
