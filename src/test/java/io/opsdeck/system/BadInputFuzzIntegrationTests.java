package io.opsdeck.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshdExtension;
import io.opsdeck.support.TestDataDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input over the whole REST API (issue 7, "Bad input"; docs/security.md): reads the OpenAPI document at test
 * time and, for every {@code POST}/{@code PUT}/{@code PATCH} body and every query parameter, sends wrong types,
 * missing required fields, nulls, huge strings, unknown enum values, invalid UTF-8, deeply nested JSON, shell
 * metacharacters, Jinja, {@code ../} paths and CRLF. Never a 5xx; every 4xx is {@code application/problem+json}; a
 * 400 says what is wrong ({@code errors[].field} or the detail). Afterwards nothing changed in the playbook directory
 * or the data directory, and no run created the canary file on the test sshd target (127.0.0.145), though the
 * payloads ask for it through a shell and through Jinja.
 * <p>
 * A seeded generator (seed {@value #DEFAULT_SEED}, {@value #DEFAULT_TRIES} tries; {@code -Dopsdeck.fuzz.seed},
 * {@code -Dopsdeck.fuzz.tries}), not jqwik: see the report in docs/security.md, "Bad input". A failure names the seed
 * and the try, which replays it exactly.
 */
@IntegrationTest
class BadInputFuzzIntegrationTests {

	static final long DEFAULT_SEED = 20261205L;

	static final int DEFAULT_TRIES = 320;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CANARY = "/tmp/opsdeck-fuzz-canary-" + UUID.randomUUID();

	/** Marks where {@link #send} puts raw invalid UTF-8 bytes. */
	private static final String BAD_UTF8 = "\u0001BAD-UTF8\u0001";

	private static final String DEEP = "\u0001DEEP\u0001";

	private static final List<String> HOSTILE = List.of("; touch " + CANARY + " #", "$(touch " + CANARY + ")",
			"`touch " + CANARY + "`", "| touch " + CANARY, "&& touch " + CANARY,
			"{{ lookup('pipe','touch " + CANARY + "') }}", "{{ lookup('pipe','id') }}",
			"{% for x in range(1) %}{{ lookup('pipe','touch " + CANARY + "') }}{% endfor %}", "../../../etc/passwd",
			"../ansible/playbooks/../../../../tmp/x.yml", "/etc/shadow", "line1\r\nInjected-Header: yes",
			"a\r\n\r\nHTTP/1.1 200 OK", "@/etc/passwd", "-e @/etc/passwd", "--help", "' OR '1'='1", "\"; DROP TABLE runs; --",
			"<script>alert(1)</script>", "%00", "\u202e\u0000", "\uFEFF", "\uD83D\uDE00".repeat(40), " ", "",
			BAD_UTF8);

	@RegisterExtension
	static final SshdExtension target = SshdExtension.on("127.0.0.145");

	private static String liveEnvironment;

	private static String deadEnvironment;

	private static String deadServer;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@AfterAll
	static void stopTarget() throws IOException {
		Files.deleteIfExists(Path.of(CANARY));
	}

	@Test
	void badInputIsAProblemNamingTheFieldNeverA5xxAndChangesNothing() throws Exception {
		long seed = Long.getLong("opsdeck.fuzz.seed", DEFAULT_SEED);
		int tries = Integer.getInteger("opsdeck.fuzz.tries", DEFAULT_TRIES);
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		createTargets(api);
		JsonNode docs = api.get("/v3/api-docs").json();
		List<Operation> operations = operations(docs);
		assertThat(operations).as("operations with a body or query parameters").hasSizeGreaterThan(20);
		Map<String, String> before = snapshot();

		Random random = new Random(seed);
		List<String> failures = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < tries; i++) {
			Operation operation = operations.get(i % operations.size());
			Attempt attempt = (operation.body() != null && (operation.query().isEmpty() || random.nextInt(4) > 0))
					? bodyAttempt(docs, operation, random) : queryAttempt(operation, random);
			Response response = send(api, attempt);
			String problem = check(attempt, response);
			if (problem != null) {
				failures.add("try " + i + " (seed " + seed + "): " + attempt.method() + " " + attempt.path() + " ["
						+ attempt.what() + "] -> " + response.status() + " " + abbreviate(response.body(), 300) + ": "
						+ problem + "\n   body: " + abbreviate(attempt.body(), 300));
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(failures).as(failures.size() + " of " + tries + " tries failed (seed " + seed + ", " + took.toMillis()
				+ " ms):\n" + String.join("\n", failures)).isEmpty();

		await("runs the fuzz started end").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> jdbc.queryForObject("select count(*) from runs where environment in (?, ?)"
					+ " and status in ('QUEUED', 'RUNNING')", Integer.class, liveEnvironment, deadEnvironment) == 0);
		assertThat(Path.of(CANARY)).as("no payload ran a command on the target or the Opsdeck host").doesNotExist();
		assertThat(snapshot()).as("playbook and data directories").isEqualTo(before);
	}

	/** An environment on a live sshd (runs reach it), and one whose server's port is closed (launches fail). */
	private void createTargets(ApiClient api) {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		liveEnvironment = "fuzz-live-" + suffix;
		deadEnvironment = "fuzz-dead-" + suffix;
		for (String environment : List.of(liveEnvironment, deadEnvironment)) {
			created(api.post("/api/v1/environments",
					Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		}
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", "fuzz-" + suffix);
		credential.put("type", "ssh-key");
		credential.put("privateKey", target.server().clientPrivateKey());
		String credentialId = created(api.post("/api/v1/credentials", credential)).json().path("id").asString();
		created(api.post("/api/v1/servers",
				server("fz-web-" + suffix, target.server().port(), liveEnvironment, credentialId)));
		deadServer = created(api.post("/api/v1/servers",
				server("fz-down-" + suffix, closedPort(), deadEnvironment, credentialId))).json().path("id").asString();
	}

	private static Map<String, Object> server(String name, int port, String environment, String credentialId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("host", "127.0.0.145");
		body.put("port", port);
		body.put("username", target.server().username());
		body.put("environment", environment);
		body.put("credentialId", credentialId);
		body.put("hostKeyPolicy", "strict");
		body.put("hostKeyFingerprint", target.server().hostKeyFingerprint());
		return body;
	}

	// ---- the API as the OpenAPI document describes it

	record Operation(String method, String path, JsonNode body, List<JsonNode> query) {
	}

	record Attempt(String method, String path, String body, String what, String field) {
	}

	private static List<Operation> operations(JsonNode docs) {
		List<Operation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : docs.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
				String verb = method.getKey().toUpperCase(java.util.Locale.ROOT);
				if (!List.of("GET", "POST", "PUT", "PATCH").contains(verb) || path.getKey().endsWith("/events")
						|| path.getKey().endsWith("/log")) {
					continue;
				}
				JsonNode body = method.getValue().path("requestBody").path("content").path("application/json")
					.path("schema");
				List<JsonNode> query = new ArrayList<>();
				for (JsonNode parameter : method.getValue().path("parameters")) {
					if (parameter.path("in").asString().equals("query")) {
						query.add(parameter);
					}
				}
				boolean mutating = !verb.equals("GET");
				if ((mutating && (!body.isMissingNode() || !query.isEmpty())) || (!mutating && !query.isEmpty())) {
					operations.add(new Operation(verb, path.getKey(), body.isMissingNode() ? null : body, query));
				}
			}
		}
		operations.sort(java.util.Comparator.comparing(Operation::path).thenComparing(Operation::method));
		return operations;
	}

	private String concretePath(String path) {
		String concrete = path.replace("{name}", deadEnvironment).replace("{item}", "fuzz");
		if (path.startsWith("/api/v1/servers/{id}")) {
			concrete = concrete.replace("{id}", deadServer);
		}
		return concrete.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
	}

	private static JsonNode resolve(JsonNode docs, JsonNode schema) {
		JsonNode current = schema;
		for (int i = 0; i < 10 && current.has("$ref"); i++) {
			String name = current.path("$ref").asString().replace("#/components/schemas/", "");
			current = docs.path("components").path("schemas").path(name);
		}
		if (current.has("allOf") && current.path("allOf").size() > 0) {
			return resolve(docs, current.path("allOf").get(current.path("allOf").size() - 1));
		}
		if (current.has("oneOf") && current.path("oneOf").size() > 0) {
			return resolve(docs, current.path("oneOf").get(0));
		}
		return current;
	}

	/** A plausible value of a schema: the shape right, the content dull. */
	private Object plausible(JsonNode docs, JsonNode schema, int depth) {
		JsonNode resolved = resolve(docs, schema);
		if (resolved.has("enum")) {
			return resolved.path("enum").get(0).asString();
		}
		String type = resolved.path("type").asString();
		if (type.isEmpty() && resolved.has("properties")) {
			type = "object";
		}
		switch (type) {
			case "integer":
			case "number":
				return resolved.has("minimum") ? resolved.path("minimum").asLong() : 1;
			case "boolean":
				return false;
			case "array":
				return (depth > 3) ? List.of() : new ArrayList<>(List.of(plausible(docs, resolved.path("items"), depth + 1)));
			case "object": {
				Map<String, Object> object = new LinkedHashMap<>();
				if (depth <= 3) {
					for (Map.Entry<String, JsonNode> property : resolved.path("properties").properties()) {
						object.put(property.getKey(), plausible(docs, property.getValue(), depth + 1));
					}
				}
				return object;
			}
			default:
				if ("uuid".equals(resolved.path("format").asString())) {
					return UUID.randomUUID().toString();
				}
				if ("date-time".equals(resolved.path("format").asString())) {
					return "2026-12-05T00:00:00Z";
				}
				return "fuzz";
		}
	}

	private Object baseBody(JsonNode docs, Operation operation) {
		if (operation.path().equals("/api/v1/runs")) {
			Map<String, Object> run = new LinkedHashMap<>();
			run.put("kind", "ansible");
			run.put("playbook", "ping.yml");
			run.put("environment", liveEnvironment);
			run.put("extraVars", new LinkedHashMap<>(Map.of("message", "fuzz")));
			run.put("timeoutSeconds", 120);
			return run;
		}
		return plausible(docs, operation.body(), 0);
	}

	@SuppressWarnings("unchecked")
	private Attempt bodyAttempt(JsonNode docs, Operation operation, Random random) {
		Object body = baseBody(docs, operation);
		String path = concretePath(operation.path());
		if (!(body instanceof Map) || ((Map<String, Object>) body).isEmpty() || random.nextInt(10) == 0) {
			Object whole = wholeBody(random);
			return new Attempt(operation.method(), path, (whole instanceof String raw && raw.startsWith("\u0002"))
					? raw.substring(1) : JSON.writeValueAsString(whole), "whole body", "body");
		}
		Map<String, Object> object = (Map<String, Object>) body;
		JsonNode schema = resolve(docs, operation.body());
		List<String> fields = new ArrayList<>(object.keySet());
		String field = fields.get(random.nextInt(fields.size()));
		JsonNode fieldSchema = resolve(docs, schema.path("properties").path(field));
		String what;
		switch (random.nextInt(11)) {
			case 0 -> {
				object.put(field, wrongType(object.get(field), random));
				what = "wrong type";
			}
			case 1 -> {
				List<String> required = new ArrayList<>();
				schema.path("required").forEach(r -> required.add(r.asString()));
				String removed = required.isEmpty() ? field : required.get(random.nextInt(required.size()));
				object.remove(removed);
				field = removed;
				what = "missing";
			}
			case 2 -> {
				object.put(field, null);
				what = "null";
			}
			case 3 -> {
				object.put(field, "x".repeat(20_000 + random.nextInt(200_000)));
				what = "huge string";
			}
			case 4 -> {
				object.put(field, fieldSchema.has("enum") ? "NO_SUCH_VALUE" : HOSTILE.get(random.nextInt(HOSTILE.size())));
				what = "unknown enum value or hostile string";
			}
			case 5 -> {
				object.put(field, BAD_UTF8);
				what = "invalid UTF-8";
			}
			case 6 -> {
				object.put(field, DEEP);
				what = "deeply nested";
			}
			case 7 -> {
				object.put("noSuchField" + random.nextInt(100), HOSTILE.get(random.nextInt(HOSTILE.size())));
				what = "unknown field";
			}
			case 8 -> {
				String payload = HOSTILE.get(random.nextInt(HOSTILE.size()));
				object.put(field, (object.get(field) instanceof Map) ? Map.of(payload.isEmpty() ? "k" : payload, payload,
						"message", payload) : (object.get(field) instanceof List) ? List.of(payload) : payload);
				what = "hostile value";
			}
			case 9 -> {
				object.put(field, random.nextBoolean() ? Long.MAX_VALUE : -1 - random.nextInt(1000));
				what = "number out of range";
			}
			default -> {
				for (String each : fields) {
					if (object.get(each) instanceof String) {
						object.put(each, HOSTILE.get(random.nextInt(HOSTILE.size())));
					}
				}
				what = "every string hostile";
			}
		}
		return new Attempt(operation.method(), path, JSON.writeValueAsString(object), what + " in " + field, field);
	}

	private Attempt queryAttempt(Operation operation, Random random) {
		JsonNode parameter = operation.query().get(random.nextInt(operation.query().size()));
		String name = parameter.path("name").asString();
		List<String> values = List.of("abc", "-1", "99999999999999999999", "1.5", "true", "x".repeat(5000),
				"NO_SUCH_VALUE", "../../etc/passwd", "{{ lookup('pipe','id') }}", "; touch " + CANARY, "%0d%0aX:%20y",
				"%ff%fe", "", "2026-13-45T99:99:99Z", "[]", "null");
		String value = values.get(random.nextInt(values.size()));
		String encoded = value.startsWith("%") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8);
		String body = operation.method().equals("GET") ? null : "{}";
		return new Attempt(operation.method(), concretePath(operation.path()) + "?" + name + "=" + encoded, body,
				"query parameter " + value, name);
	}

	private static Object wrongType(Object value, Random random) {
		if (value instanceof String) {
			return random.nextBoolean() ? 12345 : List.of("a");
		}
		if (value instanceof Number) {
			return random.nextBoolean() ? "not-a-number" : Map.of("n", 1);
		}
		if (value instanceof Boolean) {
			return "yes";
		}
		if (value instanceof List) {
			return Map.of("a", 1);
		}
		if (value instanceof Map) {
			return List.of(1, 2);
		}
		return 42;
	}

	private static Object wholeBody(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> List.of(1, 2, 3);
			case 1 -> "just a string";
			case 2 -> 42;
			case 3 -> "\u0002" + "{".repeat(10);
			case 4 -> "\u0002" + "[".repeat(5000) + "]".repeat(5000);
			default -> "\u0002" + "{\"a\":\"" + BAD_UTF8 + "\"}";
		};
	}

	private Response send(ApiClient api, Attempt attempt) {
		HttpRequest.Builder request = api.request(attempt.path()).header("Content-Type", "application/json");
		if (attempt.body() == null) {
			return api.send(request.GET());
		}
		byte[] body = bytes(attempt.body());
		return api.send(request.method(attempt.method(), HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	/** The JSON text with the markers replaced: raw invalid UTF-8 bytes, and 2,000 levels of nesting. */
	private static byte[] bytes(String json) {
		String text = json.replace(JSON.writeValueAsString(DEEP), "[".repeat(2000) + "]".repeat(2000));
		String marker = JSON.writeValueAsString(BAD_UTF8);
		marker = marker.substring(1, marker.length() - 1);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int from = 0;
		for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, from)) {
			out.writeBytes(text.substring(from, at).getBytes(StandardCharsets.UTF_8));
			out.writeBytes(new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80 });
			from = at + marker.length();
		}
		out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

	/** @return what is wrong with the answer, or {@code null} */
	private static String check(Attempt attempt, Response response) {
		int status = response.status();
		if (status >= 500 && !(status >= 502 && status <= 504)) {
			return "a server error";
		}
		// 502-504: the fixture server is down on purpose; "server not readable" is a correct answer, not a bug
		if (status < 400) {
			return null;
		}
		String contentType = String.valueOf(response.header("Content-Type"));
		if (!contentType.startsWith("application/problem+json")) {
			return "a " + status + " that is not a problem detail (" + contentType + ")";
		}
		JsonNode problem = response.json();
		if (problem.path("status").asInt() != status) {
			return "problem status differs";
		}
		if (status == 400) {
			JsonNode errors = problem.path("errors");
			boolean fields = errors.isArray() && errors.size() > 0;
			for (JsonNode error : errors) {
				fields &= !error.path("field").asString().isBlank() && !error.path("message").asString().isBlank();
			}
			if (!fields && problem.path("detail").asString().isBlank()) {
				return "a 400 that names no field and says nothing";
			}
		}
		return null;
	}

	// ---- the disk

	private static Map<String, String> snapshot() throws IOException {
		Map<String, String> hashes = new TreeMap<>();
		hash(Path.of("ansible"), "ansible/", hashes);
		hash(TestDataDirectory.path(), "data/", hashes);
		return hashes;
	}

	private static void hash(Path root, String prefix, Map<String, String> hashes) throws IOException {
		if (!Files.isDirectory(root)) {
			return;
		}
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String relative = root.relativize(file).toString();
				// the database cluster, its socket, and the private run directories runs create and delete
				if (relative.startsWith("pgdata") || relative.startsWith("pgsocket") || relative.startsWith("work")
						|| !Files.isRegularFile(file)) {
					continue;
				}
				hashes.put(prefix + relative, sha256(Files.readAllBytes(file)));
			}
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String abbreviate(String text, int max) {
		if (text == null) {
			return "";
		}
		return (text.length() > max) ? text.substring(0, max) + "…" : text;
	}

	private static Response created(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response;
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.145"))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
