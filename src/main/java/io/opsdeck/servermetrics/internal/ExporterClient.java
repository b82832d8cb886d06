package io.opsdeck.servermetrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * GETs {@code http://<host>:<port>/metrics} with short timeouts, reading at most {@value #MAX_BYTES} bytes (a node
 * answers some 60 KB; a bigger answer is not an exporter we understand). {@code opsdeck.server-metrics.request-timeout}
 * is a hard deadline for the whole answer, body included: an exporter that sends its headers and then stalls costs
 * that long, never a thread for good.
 */
@Component
class ExporterClient {

	static final int MAX_BYTES = 4 * 1024 * 1024;

	private final ServerMetricsProperties properties;

	// made at the first request, not with the bean: building a JDK HttpClient initialises the default SSLContext
	// (the JDK's trust store, ~500 classes) and starts its selector thread, which a start without webhooks/exporters
	// does not need (docs/benchmarks.md, start-up, sixth round)
	private final SingletonSupplier<HttpClient> http;

	ExporterClient(ServerMetricsProperties properties) {
		this.properties = properties;
		this.http = SingletonSupplier.of(() -> HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build());
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
		// HttpRequest.timeout only covers the headers: an exporter that sends them and then stalls would hold the
		// thread forever, so the whole answer (headers and body) gets one hard deadline
		CompletableFuture<HttpResponse<byte[]>> answer = http.obtain().sendAsync(request,
				info -> (info.statusCode() != 200) ? HttpResponse.BodySubscribers.replacing(new byte[0])
						: new LimitedBody());
		HttpResponse<byte[]> response;
		try {
			response = answer.get(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			throw new HttpTimeoutException("node_exporter did not finish its answer within "
					+ properties.requestTimeout().toSeconds() + " s");
		}
		catch (InterruptedException ex) {
			answer.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			throw new IOException((cause != null) ? cause.toString() : ex.toString(), cause);
		}
		if (response.statusCode() != 200) {
			throw new IOException("node_exporter answered HTTP " + response.statusCode());
		}
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	/** Collects the body without blocking a thread, failing past {@value #MAX_BYTES} bytes. */
	private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private Flow.@Nullable Subscription subscription;

		@Override
		public CompletionStage<byte[]> getBody() {
			return result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			for (ByteBuffer buffer : buffers) {
				if (bytes.size() + buffer.remaining() > MAX_BYTES) {
					if (subscription != null) {
						subscription.cancel();
					}
					result.completeExceptionally(
							new IOException("node_exporter answered more than " + MAX_BYTES + " bytes"));
					return;
				}
				byte[] chunk = new byte[buffer.remaining()];
				buffer.get(chunk);
				bytes.write(chunk, 0, chunk.length);
			}
		}

		@Override
		public void onError(Throwable error) {
			result.completeExceptionally(error);
		}

		@Override
		public void onComplete() {
			result.complete(bytes.toByteArray());
		}

	}

}
