package io.opsdeck.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * JSON bodies must be UTF-8 (RFC 8259, section 8.1: "JSON text exchanged between systems that are not part of a
 * closed ecosystem MUST be encoded using UTF-8"). Jackson would otherwise detect UTF-16 and UTF-32 from the first
 * bytes, or decode by a {@code charset} parameter, and accept them. Refused with a {@code 400} problem like a body
 * that is not valid UTF-8 ({@link UnreadableRequestBody}): a {@code charset} other than UTF-8 in
 * {@code Content-Type}, a UTF-16/32 byte-order mark, or a NUL byte among the first four (a JSON text starts with an
 * ASCII character, which UTF-16 and UTF-32 encode with NUL bytes and UTF-8 never does). A UTF-8 byte-order mark is
 * let through, as the RFC allows. Costs a look at four bytes per JSON body.
 */
@ControllerAdvice(annotations = RestController.class)
class Utf8Bodies extends RequestBodyAdviceAdapter {

	static final String DETAIL = "Request body is not UTF-8 (it looks like UTF-16 or UTF-32, or names another "
			+ "charset): JSON between systems must be UTF-8 (RFC 8259, section 8.1)";

	@Override
	public boolean supports(MethodParameter methodParameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return AbstractJacksonHttpMessageConverter.class.isAssignableFrom(converterType);
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
		MediaType type = inputMessage.getHeaders().getContentType();
		Charset charset = (type != null) ? type.getCharset() : null;
		if (charset != null && !StandardCharsets.UTF_8.equals(charset)) {
			throw new NotUtf8(inputMessage);
		}
		PushbackInputStream body = new PushbackInputStream(inputMessage.getBody(), 4);
		byte[] start = body.readNBytes(4);
		if (notUtf8(start)) {
			throw new NotUtf8(inputMessage);
		}
		body.unread(start);
		return new HttpInputMessage() {
			@Override
			public InputStream getBody() {
				return body;
			}

			@Override
			public HttpHeaders getHeaders() {
				return inputMessage.getHeaders();
			}
		};
	}

	private static boolean notUtf8(byte[] start) {
		if (start.length >= 2 && ((start[0] == (byte) 0xFE && start[1] == (byte) 0xFF)
				|| (start[0] == (byte) 0xFF && start[1] == (byte) 0xFE))) {
			return true; // UTF-16 byte-order mark (or UTF-32LE's, which starts the same)
		}
		for (byte b : start) {
			if (b == 0) {
				return true;
			}
		}
		return false;
	}

	/** A JSON body in another encoding than UTF-8: {@link UnreadableRequestBody} answers {@link #DETAIL}. */
	static final class NotUtf8 extends HttpMessageNotReadableException {

		NotUtf8(HttpInputMessage message) {
			super(DETAIL, message);
		}

	}

}
