package io.opsdeck.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal HTTP/1.1 client whose connections come <em>from</em> a chosen loopback address (127.0.0.126-130), so
 * the server sees that client address; {@code java.net.http} on Java 17 cannot bind a local address. One request
 * per connection ({@code Connection: close}); keeps the session cookie.
 */
final class LoopbackClient {

	private final String fromAddress;

	private final int port;

	private String cookie;

	LoopbackClient(String fromAddress, int port) {
		this.fromAddress = fromAddress;
		this.port = port;
	}

	Reply get(String path, String... headers) {
		return send("GET", path, "", headers);
	}

	/** GET /login for a fresh session and its CSRF token, then POST the form; @return the POST's reply */
	Reply signIn(String username, String password) {
		cookie = null;
		String csrf = BrowserSession.csrfInput(get("/login").body());
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("_csrf", csrf);
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send("POST", "/login", body, "Content-Type", "application/x-www-form-urlencoded");
	}

	Reply send(String method, String path, String body, String... headers) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(fromAddress, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			socket.setSoTimeout(30_000);
			byte[] content = body.getBytes(StandardCharsets.UTF_8);
			StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nConnection: close\r\nContent-Length: " + content.length + "\r\n");
			for (int i = 0; i + 1 < headers.length; i += 2) {
				request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
			}
			if (cookie != null) {
				request.append("Cookie: ").append(cookie).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			Reply reply = Reply.parse(socket.getInputStream());
			String setCookie = reply.header("Set-Cookie");
			if (setCookie != null) {
				cookie = setCookie.split(";", 2)[0];
			}
			return reply;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A response; chunked bodies are decoded. */
	record Reply(int status, Map<String, String> headers, String body) {

		String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

		static Reply parse(InputStream in) throws IOException {
			byte[] all = in.readAllBytes();
			String text = new String(all, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			List<String> lines = new ArrayList<>(List.of(text.substring(0, end).split("\r\n")));
			int status = Integer.parseInt(lines.remove(0).split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line : lines) {
				int colon = line.indexOf(':');
				headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
						line.substring(colon + 1).strip());
			}
			byte[] raw = java.util.Arrays.copyOfRange(all, end + 4, all.length);
			byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(raw) : raw;
			return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(byte[] raw) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int i = 0;
			while (i < raw.length) {
				int lineEnd = i;
				while (lineEnd + 1 < raw.length && !(raw[lineEnd] == '\r' && raw[lineEnd + 1] == '\n')) {
					lineEnd++;
				}
				String sizeText = new String(raw, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
				int size = Integer.parseInt(sizeText, 16);
				if (size == 0) {
					break;
				}
				out.write(raw, lineEnd + 2, size);
				i = lineEnd + 2 + size + 2;
			}
			return out.toByteArray();
		}

	}

}
