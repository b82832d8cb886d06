package io.opsdeck.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser talking to Opsdeck from a chosen loopback address (the audit part's 127.0.0.138–.141), so a test can
 * tell the client address the audit log stored from the default {@code 127.0.0.1}. {@code java.net.http} on Java 17
 * cannot choose its source address; this sends plain HTTP/1.0 over a bound socket, one connection per request, and
 * keeps the session cookie.
 */
final class LoopbackHttp {

	private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

	private final String source;

	private final int port;

	private String cookie;

	LoopbackHttp(String source, int port) {
		this.source = source;
		this.port = port;
	}

	record Response(int status, List<String> headers, String body) {

		String header(String name) {
			String prefix = name.toLowerCase() + ":";
			return headers.stream()
				.filter(h -> h.toLowerCase().startsWith(prefix))
				.map(h -> h.substring(prefix.length()).trim())
				.findFirst()
				.orElse(null);
		}

	}

	/** GET /login for the CSRF token, then POST the form. */
	Response login(String username, String password) {
		String csrf = match(CSRF_INPUT, get("/login").body());
		return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf));
	}

	/** Signs out with the CSRF token of the dashboard page. */
	Response logout() {
		String csrf = match(CSRF_META, get("/").body());
		return postForm("/logout", Map.of("_csrf", csrf));
	}

	Response get(String path) {
		return send("GET", path, null, null);
	}

	Response postForm(String path, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send("POST", path, "application/x-www-form-urlencoded", body);
	}

	Response send(String method, String path, String contentType, String body) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			socket.setSoTimeout(30_000);
			byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
			StringBuilder request = new StringBuilder();
			request.append(method).append(' ').append(path).append(" HTTP/1.0\r\n");
			request.append("Host: localhost:").append(port).append("\r\n");
			if (cookie != null) {
				request.append("Cookie: ").append(cookie).append("\r\n");
			}
			if (contentType != null) {
				request.append("Content-Type: ").append(contentType).append("\r\n");
			}
			request.append("Content-Length: ").append(content.length).append("\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			return parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Response parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.UTF_8);
		int end = text.indexOf("\r\n\r\n");
		String head = (end < 0) ? text : text.substring(0, end);
		String body = (end < 0) ? "" : text.substring(end + 4);
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
		for (String header : headers) {
			if (header.toLowerCase().startsWith("set-cookie:") && header.contains("JSESSIONID=")) {
				String value = header.substring("set-cookie:".length()).trim();
				cookie = value.substring(0, value.indexOf(';') < 0 ? value.length() : value.indexOf(';'));
			}
		}
		return new Response(status, headers, body);
	}

	private static String match(Pattern pattern, String html) {
		Matcher matcher = pattern.matcher(html);
		if (!matcher.find()) {
			throw new IllegalStateException("no CSRF token in the page");
		}
		return matcher.group(1);
	}

}
