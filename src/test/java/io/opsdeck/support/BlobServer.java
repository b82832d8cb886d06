package io.opsdeck.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP object store standing in for presigned S3 URLs in playbook tests ({@code com.sun.net.httpserver}, on a
 * free port of {@code 127.0.0.1}): {@link #publish} serves bytes with GET at an unguessable path (a {@code Range}
 * request gets {@code 206} with the bytes asked for), {@link #uploadUrl} returns a path that accepts one PUT, whose
 * body {@link #uploaded} returns. Any other path answers {@code 404}, and {@link #refuseUploads} makes PUTs answer
 * {@code 403} with an S3-style error body. {@link #served} lists the GETs of published objects in the order they
 * arrived; {@link #beforeServing} runs a test's code when a full GET of an object arrives, before its bytes are sent.
 */
public final class BlobServer implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

	private final Map<String, String> uploads = new ConcurrentHashMap<>();

	private final Set<String> refused = ConcurrentHashMap.newKeySet();

	private final List<String> served = java.util.Collections.synchronizedList(new ArrayList<>());

	private final Map<String, Runnable> beforeServing = new ConcurrentHashMap<>();

	private BlobServer(HttpServer server) {
		this.server = server;
	}

	/** @return a running server on a free port of 127.0.0.1 */
	public static BlobServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
			BlobServer blobs = new BlobServer(server);
			server.createContext("/", blobs::handle);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return blobs;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return a GET URL serving {@code content}, under a random path ending in {@code name} */
	public URI publish(String name, byte[] content) {
		String path = "/" + UUID.randomUUID() + "/" + name;
		this.objects.put(path, content);
		return url(path);
	}

	/** @return a GET URL under a random path that answers 404 (a missing object) */
	public URI missing(String name) {
		return url("/" + UUID.randomUUID() + "/" + name);
	}

	/** @return a PUT URL for {@code name} under a random path */
	public URI uploadUrl(String name) {
		String path = "/" + UUID.randomUUID() + "/" + name;
		this.uploads.put(path, name);
		return url(path);
	}

	/** Makes PUTs to this URL answer 403 AccessDenied. */
	public void refuseUploads(URI url) {
		this.refused.add(url.getPath());
	}

	/**
	 * @return every GET of a published object so far, in the order the requests arrived: the object's name (the last
	 * path segment), followed by {@code " range"} for a {@code Range} request, e.g. {@code ["db.dump range",
	 * "db.dump", "media.tar.gz"]}
	 */
	public List<String> served() {
		synchronized (this.served) {
			return List.copyOf(this.served);
		}
	}

	/**
	 * Runs {@code hook} on the server's thread when the next full (not ranged) GET of {@code url} arrives, before the
	 * response: the client waits meanwhile. Once only.
	 */
	public void beforeServing(URI url, Runnable hook) {
		this.beforeServing.put(url.getPath(), hook);
	}

	/** @return the bytes PUT to an upload URL, if any */
	public Optional<byte[]> uploaded(URI url) {
		return Optional.ofNullable(this.objects.get(url.getPath()));
	}

	@Override
	public void close() {
		this.server.stop(0);
		((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path
				+ "?X-Amz-Signature=" + UUID.randomUUID().toString().replace("-", ""));
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			if ("PUT".equals(exchange.getRequestMethod()) && this.uploads.containsKey(path)) {
				byte[] body;
				try (InputStream in = exchange.getRequestBody()) {
					body = in.readAllBytes();
				}
				if (this.refused.contains(path)) {
					send(exchange, 403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
						.getBytes());
					return;
				}
				this.objects.put(path, body);
				send(exchange, 200, new byte[0]);
				return;
			}
			byte[] content = this.objects.get(path);
			if (!"GET".equals(exchange.getRequestMethod()) || content == null) {
				send(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>".getBytes());
				return;
			}
			String range = exchange.getRequestHeaders().getFirst("Range");
			this.served.add(path.substring(path.lastIndexOf('/') + 1) + ((range != null) ? " range" : ""));
			if (range != null && range.matches("bytes=\\d+-\\d+") && content.length > 0) {
				String[] bounds = range.substring(6).split("-");
				int from = Integer.parseInt(bounds[0]);
				int to = Math.min(Integer.parseInt(bounds[1]), content.length - 1);
				byte[] part = java.util.Arrays.copyOfRange(content, from, to + 1);
				exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + content.length);
				send(exchange, 206, part);
				return;
			}
			Runnable hook = this.beforeServing.remove(path);
			if (hook != null) {
				hook.run();
			}
			send(exchange, 200, content);
		}
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

}
