package io.opsdeck.execution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.OutputStore;
import io.opsdeck.execution.internal.output.StreamKind;
import io.opsdeck.support.IntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/runs/{id}/log} of a finished run on the wire: the text arrives whole and in order, in HTTP chunks
 * of the replay's large response buffer rather than Tomcat's 8 KiB one (issue 8), and {@code since} still starts
 * after the given line; and every response leaves through Tomcat's socket buffer at the size Opsdeck sets.
 */
@IntegrationTest
class LogReplayHttpIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	OutputStore store;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ServletWebServerApplicationContext context;

	@Value("${opsdeck.data-directory}")
	Path dataDirectory;

	@Test
	void responsesLeaveThroughDirect64KiBSocketBuffers() {
		// Tomcat's default is 8 KiB: one write(2) per 8 KiB of a 100 MB replay (issue 8, SocketBuffers)
		TomcatWebServer server = (TomcatWebServer) context.getWebServer();
		assertThat(server.getTomcat().getConnector().getProperty("socket.appWriteBufSize")).hasToString("65536");
		assertThat(server.getTomcat().getConnector().getProperty("socket.directBuffer")).hasToString("true");
	}

	@Test
	void aFinishedLogIsReplayedWholeInLargeHttpChunks() throws IOException {
		UUID run = UUID.randomUUID();
		jdbc.update("""
				insert into runs (id, kind, status, command, parameters, triggered_by, created_at, started_at, finished_at,
				                  timeout_seconds)
				values (?, 'SSH', 'SUCCEEDED', 'cat log', '{}', 'user:admin', now(), now(), now(), 3600)""", run);
		StringBuilder expected = new StringBuilder();
		long seq = 1;
		for (int chunk = 0; chunk < 3; chunk++) {
			List<OutputLine> lines = new ArrayList<>();
			for (int i = 0; i < 8000; i++, seq++) {
				String text = "2026-12-05T10:00:00Z INFO line " + seq + " " + "x".repeat((int) (seq % 90));
				lines.add(new OutputLine(seq, 1_700_000_000_000L + seq, StreamKind.STDOUT, null, text, false, true));
				expected.append(text).append('\n');
			}
			store.append(run, lines);
		}
		Chunked whole = get("/api/v1/runs/" + run + "/log");
		assertThat(whole.body()).isEqualTo(expected.toString());
		assertThat(whole.body().length()).isGreaterThan(1_000_000);
		// the body left in a few large chunks, not ~130 of Tomcat's default 8 KiB
		assertThat(whole.largest()).isGreaterThan(64 * 1024);
		assertThat(whole.chunks()).isLessThan(30);

		String afterLine = "2026-12-05T10:00:00Z INFO line 12000 " + "x".repeat(12000 % 90) + "\n";
		Chunked since = get("/api/v1/runs/" + run + "/log?since=12000");
		assertThat(since.body()).isEqualTo(expected.substring(expected.indexOf(afterLine) + afterLine.length()));
	}

	@Test
	void aSecondWholeReplayOfAFinishedLogIsTheCachedFileByteForByte() throws IOException {
		UUID run = insertRun("SUCCEEDED");
		byte[] expected = appendChunks(run, 1, 3).getBytes(StandardCharsets.UTF_8);
		Path cacheDirectory = dataDirectory.resolve("replay-cache");

		Response first = fetch("/api/v1/runs/" + run + "/log");
		assertThat(first.chunked()).as("the first replay reads the database").isTrue();
		assertThat(first.body()).isEqualTo(expected);
		// the file is written on the recorder's thread, after (or while) the first replay is sent
		awaitCachedFile(cacheDirectory, run, 3);
		assertThat(cachedFiles(cacheDirectory, run)).hasSize(1);
		assertThat(Files.readAllBytes(cachedFiles(cacheDirectory, run).get(0))).isEqualTo(expected);

		Response second = fetch("/api/v1/runs/" + run + "/log");
		assertThat(second.chunked()).as("the file, sent whole").isFalse();
		assertThat(second.contentLength()).isEqualTo(expected.length);
		assertThat(second.body()).isEqualTo(expected);
		assertThat(second.headers()).contains("content-type: text/plain;charset=utf-8", "cache-control: no-store");

		Response download = fetch("/api/v1/runs/" + run + "/log?download=true");
		assertThat(download.chunked()).isFalse();
		assertThat(download.body()).isEqualTo(expected);
		assertThat(download.headers()).contains("content-disposition: attachment; filename=\"run-" + run + ".log\"");

		// since=N is not the whole log: from the database, as before
		Response since = fetch("/api/v1/runs/" + run + "/log?since=1");
		assertThat(since.chunked()).isTrue();
		String text = new String(expected, StandardCharsets.UTF_8);
		assertThat(new String(since.body(), StandardCharsets.UTF_8)).isEqualTo(text.substring(text.indexOf('\n') + 1));

		// another chunk stored after the file was made (the chunks it was made from are no longer all there is):
		// the replay reads the database again, and the new file replaces nothing it should not
		byte[] more = (text + appendChunks(run, 24001, 1)).getBytes(StandardCharsets.UTF_8);
		Response grown = fetch("/api/v1/runs/" + run + "/log");
		assertThat(grown.chunked()).isTrue();
		assertThat(grown.body()).isEqualTo(more);
		awaitCachedFile(cacheDirectory, run, 4);
		Response grownAgain = fetch("/api/v1/runs/" + run + "/log");
		assertThat(grownAgain.chunked()).isFalse();
		assertThat(grownAgain.body()).isEqualTo(more);
	}

	@Test
	void aLogOfARunThatHasNotEndedIsNeverCached() throws IOException {
		UUID run = insertRun("RUNNING");
		byte[] expected = appendChunks(run, 1, 3).getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < 2; i++) {
			Response response = fetch("/api/v1/runs/" + run + "/log");
			assertThat(response.chunked()).isTrue();
			assertThat(response.body()).isEqualTo(expected);
		}
		assertThat(cachedFiles(dataDirectory.resolve("replay-cache"), run)).isEmpty();
	}

	private UUID insertRun(String status) {
		UUID run = UUID.randomUUID();
		jdbc.update("""
				insert into runs (id, kind, status, command, parameters, triggered_by, created_at, started_at, finished_at,
				                  timeout_seconds)
				values (?, 'SSH', ?, 'cat log', '{}', 'user:admin', now(), now(), now(), 3600)""", run, status);
		return run;
	}

	/** Stores {@code chunks} chunks of 8,000 lines from line {@code seq} (non-ASCII among them); @return their text */
	private String appendChunks(UUID run, long seq, int chunks) {
		StringBuilder text = new StringBuilder();
		for (int chunk = 0; chunk < chunks; chunk++) {
			List<OutputLine> lines = new ArrayList<>();
			for (int i = 0; i < 8000; i++, seq++) {
				String line = "2026-12-05T10:00:00Z INFO Zürich → line " + seq + " " + "y".repeat((int) (seq % 70));
				lines.add(new OutputLine(seq, 1_700_000_000_000L + seq, StreamKind.STDOUT, null, line, false, true));
				text.append(line).append('\n');
			}
			store.append(run, lines);
		}
		return text.toString();
	}

	/** Waits until the replay cache holds the run's whole log made from {@code chunks} chunks. */
	private static void awaitCachedFile(Path directory, UUID run, int chunks) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> cachedFiles(directory, run).stream()
				.anyMatch(f -> f.getFileName().toString().startsWith(run + "-p-" + chunks + "-")
						&& f.getFileName().toString().endsWith(".log")));
	}

	private static List<Path> cachedFiles(Path directory, UUID run) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(f -> f.getFileName().toString().startsWith(run + "-")).toList();
		}
	}

	/** A response read from a raw socket, chunked transfer coding decoded by hand. */
	private record Chunked(String body, int chunks, int largest) {
	}

	private Chunked get(String path) throws IOException {
		Response response = fetch(path);
		assertThat(response.chunked()).as("chunked transfer coding").isTrue();
		return new Chunked(new String(response.body(), StandardCharsets.UTF_8), response.chunks(), response.largest());
	}

	/**
	 * A response read from a raw socket: the body as it came (chunked coding decoded by hand, or exactly
	 * {@code Content-Length} bytes followed by the end of the connection), and its headers in lower case.
	 */
	private record Response(byte[] body, boolean chunked, long contentLength, int chunks, int largest,
			List<String> headers) {
	}

	private Response fetch(String path) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ IntegrationTest.ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String status = line(in);
			assertThat(status).startsWith("HTTP/1.1 200");
			boolean chunked = false;
			long contentLength = -1;
			List<String> headers = new ArrayList<>();
			for (String header = line(in); !header.isEmpty(); header = line(in)) {
				headers.add(header.toLowerCase(java.util.Locale.ROOT));
				chunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
				if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
					contentLength = Long.parseLong(header.substring("content-length:".length()).trim());
				}
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int chunks = 0;
			int largest = 0;
			if (chunked) {
				for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
						size = Integer.parseInt(line(in).trim(), 16)) {
					body.write(in.readNBytes(size));
					assertThat(line(in)).isEmpty();
					chunks++;
					largest = Math.max(largest, size);
				}
			}
			else {
				assertThat(contentLength).as("a length when not chunked").isNotNegative();
				body.write(in.readNBytes((int) contentLength));
				assertThat(in.read()).as("nothing after the body").isEqualTo(-1);
			}
			return new Response(body.toByteArray(), chunked, contentLength, chunks, largest, headers);
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("connection closed mid-line");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

}
