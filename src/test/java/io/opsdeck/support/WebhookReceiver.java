package io.opsdeck.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server (the JDK's) on a loopback address and a free port that records every request it receives and
 * answers each path with the status codes queued for it (200 once the queue is empty), for webhook tests.
 */
public final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();

	private final Map<String, Integer> fallback = new ConcurrentHashMap<>();

	private WebhookReceiver(HttpServer server) {
		this.server = server;
	}

	/**
	 * @param host loopback address to listen on, e.g. {@code 127.0.0.105}
	 * @return a started receiver
	 */
	public static WebhookReceiver start(String host) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 0);
			WebhookReceiver receiver = new WebhookReceiver(server);
			server.createContext("/", exchange -> {
				byte[] body;
				try (InputStream in = exchange.getRequestBody()) {
					body = in.readAllBytes();
				}
				String path = exchange.getRequestURI().getPath();
				Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
				exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
				Deque<Integer> queued = receiver.answers.get(path);
				Integer next = (queued == null) ? null : queued.pollFirst();
				int status = (next != null) ? next : receiver.fallback.getOrDefault(path, 200);
				receiver.requests.add(new Request(path, headers, body, status));
				byte[] reply = ((status < 300) ? "ok" : "receiver says no").getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(status, reply.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(reply);
				}
			});
			server.setExecutor(Executors.newFixedThreadPool(2));
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot listen on " + host, ex);
		}
	}

	/** @return {@code http://host:port} */
	public String baseUrl() {
		return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
	}

	/** Answers the next requests to {@code path} with these statuses, in order. */
	public void answer(String path, Integer... statuses) {
		answers.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
	}

	/** Answers every request to {@code path} that has no queued status with {@code status}. */
	public void answerAlways(String path, int status) {
		fallback.put(path, status);
	}

	/** @return the requests received on {@code path}, oldest first */
	public List<Request> requests(String path) {
		List<Request> result = new ArrayList<>();
		for (Request request : requests) {
			if (request.path().equals(path)) {
				result.add(request);
			}
		}
		return result;
	}

	@Override
	public void close() {
		server.stop(0);
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}

	/**
	 * One received request.
	 *
	 * @param path request path
	 * @param headers headers (first value each), case-insensitive names
	 * @param body raw body
	 * @param status what the receiver answered
	 */
	public record Request(String path, Map<String, String> headers, byte[] body, int status) {

		public String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

	}

}
