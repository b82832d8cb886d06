package io.opsdeck.execution;

import java.time.Instant;
import java.time.LocalDate;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes an {@link Instant} exactly as Jackson's own {@code InstantSerializer} does by default, i.e. as
 * {@link Instant#toString()} ({@code DateTimeFormatter.ISO_INSTANT}: {@code 2026-12-05T13:09:31.271908Z}, the fraction
 * in groups of three digits, none when zero), without a {@code DateTimeFormatter}: a page of {@link RunSummary} has
 * 150 of them and formatting them was half of the page's JSON time (issue 8, {@code GET /api/v1/runs}). Years outside
 * 0000-9999 and a mapper that writes dates as timestamps get Jackson's own serializer.
 */
final class IsoInstantSerializer extends StdSerializer<Instant> {

	/** 0000-01-01T00:00:00Z */
	private static final long MIN_SECOND = -62_167_219_200L;

	/** 10000-01-01T00:00:00Z */
	private static final long END_SECOND = 253_402_300_800L;

	IsoInstantSerializer() {
		super(Instant.class);
	}

	@Override
	public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
		if (context.isEnabled(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)) {
			context.findValueSerializer(Instant.class).serialize(value, generator, context);
			return;
		}
		char[] text = new char[30];
		int length = format(value, text);
		if (length < 0) {
			generator.writeString(value.toString());
		}
		else {
			generator.writeString(text, 0, length);
		}
	}

	/**
	 * @param value the instant
	 * @param text at least 30 characters
	 * @return the length of {@code value.toString()} written into {@code text}, or -1 for a year outside 0000-9999
	 */
	static int format(Instant value, char[] text) {
		long second = value.getEpochSecond();
		if (second < MIN_SECOND || second >= END_SECOND) {
			return -1;
		}
		LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(second, 86_400));
		int ofDay = (int) Math.floorMod(second, 86_400);
		digits(text, 0, date.getYear(), 4);
		text[4] = '-';
		digits(text, 5, date.getMonthValue(), 2);
		text[7] = '-';
		digits(text, 8, date.getDayOfMonth(), 2);
		text[10] = 'T';
		digits(text, 11, ofDay / 3600, 2);
		text[13] = ':';
		digits(text, 14, ofDay / 60 % 60, 2);
		text[16] = ':';
		digits(text, 17, ofDay % 60, 2);
		int length = 19;
		int nano = value.getNano();
		if (nano != 0) {
			text[length++] = '.';
			if (nano % 1_000_000 == 0) {
				digits(text, length, nano / 1_000_000, 3);
				length += 3;
			}
			else if (nano % 1_000 == 0) {
				digits(text, length, nano / 1_000, 6);
				length += 6;
			}
			else {
				digits(text, length, nano, 9);
				length += 9;
			}
		}
		text[length++] = 'Z';
		return length;
	}

	/** Writes {@code value} as {@code count} decimal digits, zero-padded, at {@code offset}. */
	private static void digits(char[] text, int offset, int value, int count) {
		for (int i = offset + count - 1; i >= offset; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

}
