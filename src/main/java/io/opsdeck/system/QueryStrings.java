package io.opsdeck.system;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/** Finds which parameter of a raw query string does not decode, to name it in a 400. */
final class QueryStrings {

	private static final int MAX_NAME = 64;

	private QueryStrings() {
	}

	/**
	 * @param query the raw query string, or {@code null}
	 * @return the name of the first parameter whose name or value is not percent-encoded UTF-8 (cut to 64
	 * characters, undecodable bytes shown as U+FFFD), or {@code "query"} when no single parameter is at fault
	 */
	static String undecodable(@Nullable String query) {
		if (query == null) {
			return "query";
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			if (decode(name, true) == null || decode(value, true) == null) {
				String shown = decode(name, false);
				shown = (shown == null || shown.isEmpty()) ? "query" : shown.replace("\0", "\\u0000");
				return (shown.length() > MAX_NAME) ? shown.substring(0, MAX_NAME) + "…" : shown;
			}
		}
		return "query";
	}

	private static @Nullable String decode(String text, boolean strict) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%' && i + 2 < text.length()) {
				int high = Character.digit(text.charAt(i + 1), 16);
				int low = Character.digit(text.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					if (strict) {
						return null;
					}
					bytes.write('%');
					continue;
				}
				bytes.write(high * 16 + low);
				i += 2;
			}
			else if (c == '%') {
				if (strict) {
					return null;
				}
				bytes.write('%');
			}
			else {
				bytes.writeBytes(String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(strict ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE)
				.onUnmappableCharacter(strict ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
