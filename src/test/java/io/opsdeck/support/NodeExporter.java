package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus node_exporter (Debian package {@code prometheus-node-exporter}) on a loopback address and a free
 * port, with only the collectors Opsdeck reads (cpu, meminfo, filesystem, loadavg). Stopped on {@link #close()}.
 */
public final class NodeExporter implements AutoCloseable {

	/** The binary the Debian package installs. */
	public static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");

	private final Process process;

	private final String address;

	private final int port;

	private NodeExporter(Process process, String address, int port) {
		this.process = process;
		this.address = address;
		this.port = port;
	}

	/** @return whether the package is installed */
	public static boolean installed() {
		return Files.isExecutable(BINARY);
	}

	/**
	 * Starts it and waits until {@code /metrics} answers.
	 * @param address loopback address, e.g. {@code 127.0.0.100}
	 * @return the running exporter
	 */
	public static NodeExporter start(String address) {
		int port = freePort(address);
		try {
			Path log = Files.createTempFile("node-exporter", ".log");
			Process process = new ProcessBuilder(BINARY.toString(), "--web.listen-address=" + address + ":" + port,
					"--collector.disable-defaults", "--collector.cpu", "--collector.meminfo", "--collector.filesystem",
					"--collector.loadavg")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			NodeExporter exporter = new NodeExporter(process, address, port);
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("node_exporter exited: " + Files.readString(log));
				}
				return exporter.metrics().contains("node_load1");
			});
			return exporter;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return a free TCP port on the address (bound and released: nothing listens on it afterwards) */
	public static int freePort(String address) {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the exporter's current {@code /metrics} text, or "" when it does not answer */
	public String metrics() {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + "/metrics"))
					.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : "";
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	public String address() {
		return address;
	}

	public int port() {
		return port;
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

}
