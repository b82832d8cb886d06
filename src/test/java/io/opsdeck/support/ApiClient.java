package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON client for the REST API of a running Opsdeck, as CI scripts use it: bearer token, JSON in and out.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String token;

	/**
	 * @param port the application's port on localhost
	 * @param token bearer token, or {@code null} for anonymous calls
	 */
	public ApiClient(int port, String token) {
		this("http://localhost:" + port, token);
	}

	/**
	 * @param baseUrl scheme, host and port of the server, e.g. {@code http://127.0.0.71:8080}
	 * @param token bearer token, or {@code null} for anonymous calls
	 */
	public ApiClient(String baseUrl, String token) {
		this.baseUrl = baseUrl;
		this.token = token;
	}

	/** @return a client for the same server with another token */
	public ApiClient withToken(String otherToken) {
		return new ApiClient(baseUrl, otherToken);
	}

	public Response get(String path) {
		return send(request(path).GET());
	}

	public Response post(String path, Object body) {
		return send(request(path).header("Content-Type", "application/json").POST(bodyOf(body)));
	}

	public Response put(String path, Object body) {
		return send(request(path).header("Content-Type", "application/json").PUT(bodyOf(body)));
	}

	/**
	 * @param ifMatch the {@code If-Match} header, e.g. {@code "7"} with its quotes, or {@code null} for none
	 * @return the answer to {@code PUT path} with {@code body}
	 */
	public Response put(String path, Object body, String ifMatch) {
		HttpRequest.Builder builder = request(path).header("Content-Type", "application/json");
		if (ifMatch != null) {
			builder.header("If-Match", ifMatch);
		}
		return send(builder.PUT(bodyOf(body)));
	}

	public Response delete(String path) {
		return send(request(path).DELETE());
	}

	/** @return a request builder with the base URL and token applied, for calls this class does not cover */
	public HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	public HttpClient http() {
		return http;
	}

	public String baseUrl() {
		return baseUrl;
	}

	private static HttpRequest.BodyPublisher bodyOf(Object body) {
		String text = (body instanceof String string) ? string : JSON.writeValueAsString(body);
		return HttpRequest.BodyPublishers.ofString(text);
	}

	public Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response with its body parsed on demand. */
	public record Response(HttpResponse<String> raw) {

		public int status() {
			return raw.statusCode();
		}

		public String body() {
			return raw.body();
		}

		/** @return the body as JSON */
		public JsonNode json() {
			return JSON.readTree(raw.body());
		}

		public String header(String name) {
			return raw.headers().firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return status() + " " + body();
		}

	}

}
