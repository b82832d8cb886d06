package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: s3proxy ({@code org.gaul:s3proxy}, jar with dependencies) started as its
 * own process on a free port of a loopback address such as {@code 127.0.0.3}, storing objects with jclouds'
 * {@code filesystem} provider and requiring AWS V2 or V4 signatures from one identity.
 * <p>
 * Everything lives in a private temporary directory (0700), and the process runs with umask 077: jclouds' filesystem
 * store reads an object file that others may read as a public-read object, so without the umask anonymous GETs
 * would succeed. The command line is fixed ({@code sh -c 'umask 077; exec "$0" ...' <java> <jar> <config>}), no
 * test text reaches the shell. {@link #close()} stops the process and deletes the directory.
 * <p>
 * The jar's path comes from the system property {@code opsdeck.test.s3proxy-jar} (set by Maven from the test
 * dependency, which stays off the test classpath), else from the local Maven repository.
 */
public final class S3Server implements AutoCloseable {

	/** The access key id the server accepts. */
	public static final String ACCESS_KEY_ID = "opsdeck-test-access";

	/** The secret access key the server accepts. */
	public static final String SECRET_ACCESS_KEY = "opsdeck-test-secret-0123456789";

	/** The region to sign for (s3proxy accepts any). */
	public static final String REGION = "us-east-1";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private final Path directory;

	private final String host;

	private final int port;

	private final Process process;

	private final Thread shutdownHook;

	private final S3Client client;

	private S3Server(Path directory, String host, int port, Process process) {
		this.directory = directory;
		this.host = host;
		this.port = port;
		this.process = process;
		this.shutdownHook = new Thread(this::stopProcess, "s3proxy-stop-" + port);
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		this.client = S3Client.builder()
			.httpClient(UrlConnectionHttpClient.create())
			.endpointOverride(URI.create(endpoint()))
			.region(Region.of(REGION))
			.forcePathStyle(true)
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID,
					SECRET_ACCESS_KEY)))
			.build();
	}

	/**
	 * Starts s3proxy on a free port of {@code listenAddress} and waits until it answers HTTP.
	 * @param listenAddress a loopback address, e.g. {@code 127.0.0.3}
	 * @return the running server
	 * @throws IllegalStateException when it does not answer within 60 seconds or exits (message holds its log)
	 */
	public static S3Server start(String listenAddress) {
		return start(listenAddress, java.util.Map.of());
	}

	/**
	 * Starts s3proxy with extra configuration, e.g. {@code s3proxy.ignore-unknown-headers=true}.
	 * @param listenAddress a loopback address, e.g. {@code 127.0.0.3}
	 * @param properties more lines of the s3proxy configuration (fixed test values, no user input)
	 * @return the running server
	 * @throws IllegalStateException when it does not answer within 60 seconds or exits (message holds its log)
	 */
	public static S3Server start(String listenAddress, java.util.Map<String, String> properties) {
		Path directory = createPrivateDirectory();
		try {
			int port = LocalResources.freePort(listenAddress);
			Path data = Files.createDirectory(directory.resolve("data"));
			Path config = directory.resolve("s3proxy.conf");
			Files.writeString(config, String.join("\n", "s3proxy.endpoint=http://" + listenAddress + ":" + port,
					"s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ACCESS_KEY_ID,
					"s3proxy.credential=" + SECRET_ACCESS_KEY, "jclouds.provider=filesystem",
					"jclouds.filesystem.basedir=" + data, "")
					+ properties.entrySet()
						.stream()
						.map(e -> e.getKey() + "=" + e.getValue() + "\n")
						.collect(java.util.stream.Collectors.joining()));
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			Process process = new ProcessBuilder("sh", "-c",
					"umask 077; exec \"$0\" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar \"$1\" --properties \"$2\"",
					java, jar().toString(), config.toString())
				.directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("s3proxy.log").toFile())
				.start();
			S3Server server = new S3Server(directory, listenAddress, port, process);
			try {
				Awaitility.await("s3proxy answering on " + listenAddress + ":" + port)
					.atMost(STARTUP_TIMEOUT)
					.pollInterval(Duration.ofMillis(100))
					.until(() -> {
						if (!process.isAlive()) {
							throw new IllegalStateException("s3proxy exited with status " + process.exitValue());
						}
						return answers(server.endpoint());
					});
			}
			catch (IllegalStateException | ConditionTimeoutException ex) {
				String log = server.log();
				server.close();
				throw new IllegalStateException("s3proxy did not start (" + ex.getMessage() + "). Log:\n" + log, ex);
			}
			return server;
		}
		catch (IOException ex) {
			LocalResources.deleteRecursively(directory);
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param bucket a bucket of this server
	 * @param prefix the environment's prefix
	 * @return a mutable body for {@code PUT /api/v1/environments/{name}/backup-storage} pointing at this server
	 * ({@code s3-compatible}, path-style, this server's credentials)
	 */
	public java.util.Map<String, Object> storageSettings(String bucket, String prefix) {
		java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("provider", "s3-compatible");
		body.put("endpoint", endpoint());
		body.put("region", REGION);
		body.put("bucket", bucket);
		body.put("prefix", prefix);
		body.put("pathStyle", true);
		body.put("accessKeyId", ACCESS_KEY_ID);
		body.put("secretAccessKey", SECRET_ACCESS_KEY);
		return body;
	}

	/** @return {@code http://<host>:<port>} */
	public String endpoint() {
		return "http://" + host + ":" + port;
	}

	/** @return the address the server listens on */
	public String host() {
		return host;
	}

	/** @return the port the server listens on */
	public int port() {
		return port;
	}

	/** @return an SDK client signed with {@link #ACCESS_KEY_ID}, path-style, for preparing and checking objects */
	public S3Client client() {
		return client;
	}

	/** Creates a bucket. */
	public void createBucket(String bucket) {
		client.createBucket(b -> b.bucket(bucket));
	}

	/** Stores an object. */
	public void put(String bucket, String key, byte[] bytes) {
		client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
	}

	/** Stores a file as an object. */
	public void put(String bucket, String key, Path file) {
		client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
	}

	/** @return an object's bytes */
	public byte[] get(String bucket, String key) {
		return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
	}

	/** @return the keys under a prefix, paging through all of them */
	public List<String> keys(String bucket, String prefix) {
		return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
			.contents()
			.stream()
			.map(software.amazon.awssdk.services.s3.model.S3Object::key)
			.toList();
	}

	/** @return the server's output so far, for failure messages */
	public String log() {
		try {
			return Files.readString(directory.resolve("s3proxy.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** Stops the server (SIGTERM, SIGKILL after 5 s) and deletes its directory. */
	@Override
	public void close() {
		client.close();
		stopProcess();
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down; the hook runs anyway
		}
		LocalResources.deleteRecursively(directory);
	}

	private void stopProcess() {
		process.destroy();
		try {
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Path jar() {
		String configured = System.getProperty("opsdeck.test.s3proxy-jar");
		Path jar = (configured != null && !configured.isBlank() && !configured.startsWith("${")) ? Path.of(configured)
				: Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy", "2.6.0",
						"s3proxy-2.6.0-jar-with-dependencies.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("s3proxy jar not found at " + jar + "; run the tests with Maven, which "
					+ "resolves org.gaul:s3proxy:jar-with-dependencies and passes -Dopsdeck.test.s3proxy-jar");
		}
		return jar;
	}

	private static boolean answers(String endpoint) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
		try {
			HttpResponse<Void> response = http.send(
					HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(2)).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() > 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Path createPrivateDirectory() {
		try {
			return Files.createTempDirectory("opsdeck-s3-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
