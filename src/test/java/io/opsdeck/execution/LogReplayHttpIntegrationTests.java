package io.opsdeck.execution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.OutputStore;
import io.opsdeck.execution.internal.output.StreamKind;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
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

	/** A response read from a raw socket, chunked transfer coding decoded by hand. */
	private record Chunked(String body, int chunks, int largest) {
	}

	private Chunked get(String path) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ IntegrationTest.ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String status = line(in);
			assertThat(status).startsWith("HTTP/1.1 200");
			boolean chunked = false;
			for (String header = line(in); !header.isEmpty(); header = line(in)) {
				chunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
			}
			assertThat(chunked).as("chunked transfer coding").isTrue();
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int chunks = 0;
			int largest = 0;
			for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
				body.write(in.readNBytes(size));
				assertThat(line(in)).isEmpty();
				chunks++;
				largest = Math.max(largest, size);
			}
			return new Chunked(body.toString(StandardCharsets.UTF_8), chunks, largest);
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
