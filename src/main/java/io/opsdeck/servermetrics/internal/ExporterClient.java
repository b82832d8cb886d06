package io.opsdeck.servermetrics.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

/**
 * GETs {@code http://<host>:<port>/metrics} with short timeouts, reading at most {@value #MAX_BYTES} bytes (a node
 * answers some 60 KB; a bigger answer is not an exporter we understand).
 */
@Component
class ExporterClient {

	static final int MAX_BYTES = 4 * 1024 * 1024;

	private final ServerMetricsProperties properties;

	private final HttpClient http;

	ExporterClient(ServerMetricsProperties properties) {
		this.properties = properties;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * @param host DNS name or address (an IPv6 address without brackets is bracketed)
	 * @param port exporter port
	 * @return the exposition text
	 * @throws IOException when the exporter cannot be reached, answers other than 200 or too much
	 * @throws InterruptedException when interrupted while waiting
	 */
	String fetch(String host, int port) throws IOException, InterruptedException {
		URI uri;
		try {
			// this constructor brackets an IPv6 literal itself
			uri = new URI("http", null, host, port, "/metrics", null, null);
		}
		catch (java.net.URISyntaxException ex) {
			throw new IOException("not a usable host: " + host);
		}
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(properties.requestTimeout())
			.header("Accept", "text/plain;version=0.0.4")
			.GET()
			.build();
		HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			if (response.statusCode() != 200) {
				throw new IOException("node_exporter answered HTTP " + response.statusCode());
			}
			byte[] bytes = body.readNBytes(MAX_BYTES + 1);
			if (bytes.length > MAX_BYTES) {
				throw new IOException("node_exporter answered more than " + MAX_BYTES + " bytes");
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

}
