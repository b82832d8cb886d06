package io.opsdeck.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP endpoint speaking the DigitalOcean v2 Cloud Firewalls API for exactly the calls the cloud firewall
 * makes: {@code GET /v2/firewalls} (paged with {@code per_page}/{@code page} and {@code links.pages.next}),
 * {@code POST /v2/firewalls} (202 with {@code {"firewall":{...}}}), {@code POST /v2/firewalls/{id}/rules} and
 * {@code POST /v2/firewalls/{id}/droplets} (204). Errors have DigitalOcean's shape
 * {@code {"id":"...","message":"..."}}: 401 {@code unauthorized} for a wrong bearer token, 404 {@code not_found},
 * 422 {@code unprocessable_entity} (an unknown droplet, a firewall without rules, a name DigitalOcean refuses). Not
 * DigitalOcean: a stand-in so tests need no cloud.
 */
public final class FakeDigitalOceanServer implements AutoCloseable {

	public static final String TOKEN = "dop_v1_fake_firewall_token_0123456789abcdef";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern FIREWALL_PATH = Pattern.compile("^/v2/firewalls/([0-9a-f-]{36})/(rules|droplets)$");

	private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9.-]*$");

	private final HttpServer server;

	private final Map<String, ObjectNode> firewalls = Collections.synchronizedMap(new LinkedHashMap<>());

	private final Set<Long> droplets = ConcurrentHashMap.newKeySet();

	private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

	private volatile int pageSizeLimit = 200;

	private FakeDigitalOceanServer(HttpServer server) {
		this.server = server;
	}

	/** Starts on {@code 127.0.0.1} and a free port. */
	public static FakeDigitalOceanServer start() {
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			FakeDigitalOceanServer fake = new FakeDigitalOceanServer(http);
			http.createContext("/", fake::handle);
			http.start();
			return fake;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String endpoint() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	public void reset() {
		firewalls.clear();
		droplets.clear();
		requests.clear();
		pageSizeLimit = 200;
	}

	/** Serves at most this many firewalls per page, whatever {@code per_page} asks (to exercise paging). */
	public void pageSizeLimit(int limit) {
		this.pageSizeLimit = limit;
	}

	public void addDroplet(long id) {
		droplets.add(id);
	}

	/**
	 * Adds a firewall as if made elsewhere.
	 * @param inbound rules as {@code port -> addresses}
	 */
	public String addFirewall(String name, Map<String, List<String>> inbound, long... dropletIds) {
		ObjectNode firewall = JSON.createObjectNode();
		String id = UUID.randomUUID().toString();
		firewall.put("id", id).put("name", name).put("status", "succeeded").put("created_at", "2026-01-01T00:00:00Z");
		ArrayNode rules = firewall.putArray("inbound_rules");
		inbound.forEach((ports, addresses) -> {
			ObjectNode rule = rules.addObject().put("protocol", "tcp").put("ports", ports);
			ArrayNode a = rule.putObject("sources").putArray("addresses");
			addresses.forEach(a::add);
		});
		firewall.putArray("outbound_rules");
		ArrayNode ids = firewall.putArray("droplet_ids");
		for (long d : dropletIds) {
			ids.add(d);
		}
		firewall.putArray("tags");
		firewall.putArray("pending_changes");
		firewalls.put(id, firewall);
		return id;
	}

	/** @return the firewalls with this name, as the API would show them */
	public List<JsonNode> firewallsNamed(String name) {
		synchronized (firewalls) {
			return firewalls.values().stream().filter(f -> name.equals(f.path("name").asString())).map(f -> (JsonNode) f.deepCopy()).toList();
		}
	}

	/** @return {@code METHOD path} of every request, in order */
	public List<String> requests() {
		return List.copyOf(requests);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			URI uri = exchange.getRequestURI();
			String method = exchange.getRequestMethod();
			requests.add(method + " " + uri.getPath());
			if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				error(exchange, 401, "unauthorized", "Unable to authenticate you");
				return;
			}
			byte[] body = exchange.getRequestBody().readAllBytes();
			Matcher sub = FIREWALL_PATH.matcher(uri.getPath());
			if ("GET".equals(method) && "/v2/firewalls".equals(uri.getPath())) {
				list(exchange, query(uri));
			}
			else if ("POST".equals(method) && "/v2/firewalls".equals(uri.getPath())) {
				create(exchange, JSON.readTree(body));
			}
			else if ("POST".equals(method) && sub.matches()) {
				ObjectNode firewall = firewalls.get(sub.group(1));
				if (firewall == null) {
					error(exchange, 404, "not_found", "The resource you were accessing could not be found.");
				}
				else if ("rules".equals(sub.group(2))) {
					addRules(exchange, firewall, JSON.readTree(body));
				}
				else {
					addDroplets(exchange, firewall, JSON.readTree(body));
				}
			}
			else {
				error(exchange, 404, "not_found", "The resource you were accessing could not be found.");
			}
		}
	}

	private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
		int perPage = Math.min(pageSizeLimit, Integer.parseInt(query.getOrDefault("per_page", "20")));
		int page = Integer.parseInt(query.getOrDefault("page", "1"));
		List<ObjectNode> all;
		synchronized (firewalls) {
			all = new ArrayList<>(firewalls.values());
		}
		ObjectNode response = JSON.createObjectNode();
		ArrayNode items = response.putArray("firewalls");
		all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(items::add);
		ObjectNode links = response.putObject("links");
		if ((long) page * perPage < all.size()) {
			links.putObject("pages").put("next", endpoint() + "/v2/firewalls?page=" + (page + 1) + "&per_page=" + perPage);
		}
		response.putObject("meta").put("total", all.size());
		send(exchange, 200, response);
	}

	private void create(HttpExchange exchange, JsonNode request) throws IOException {
		String name = request.path("name").asString();
		if (!NAME.matcher(name).matches()) {
			error(exchange, 422, "unprocessable_entity", "name: must begin with an alphanumeric character");
			return;
		}
		if (request.path("inbound_rules").isEmpty() && request.path("outbound_rules").isEmpty()) {
			error(exchange, 422, "unprocessable_entity", "must specify at least one rule");
			return;
		}
		if (!knownDroplets(exchange, request.path("droplet_ids"))) {
			return;
		}
		ObjectNode firewall = JSON.createObjectNode();
		String id = UUID.randomUUID().toString();
		firewall.put("id", id).put("name", name).put("status", "waiting").put("created_at", "2026-01-01T00:00:00Z");
		firewall.set("inbound_rules", request.path("inbound_rules").deepCopy());
		firewall.set("outbound_rules", request.path("outbound_rules").deepCopy());
		firewall.set("droplet_ids", request.path("droplet_ids").isArray() ? request.path("droplet_ids").deepCopy()
				: JSON.createArrayNode());
		firewall.putArray("tags");
		firewall.putArray("pending_changes");
		firewalls.put(id, firewall);
		ObjectNode response = JSON.createObjectNode();
		response.set("firewall", firewall.deepCopy());
		send(exchange, 202, response);
	}

	private void addRules(HttpExchange exchange, ObjectNode firewall, JsonNode request) throws IOException {
		if (request.path("inbound_rules").isEmpty() && request.path("outbound_rules").isEmpty()) {
			error(exchange, 422, "unprocessable_entity", "must specify at least one rule");
			return;
		}
		ArrayNode inbound = (ArrayNode) firewall.get("inbound_rules");
		request.path("inbound_rules").forEach(rule -> inbound.add(rule.deepCopy()));
		exchange.sendResponseHeaders(204, -1);
	}

	private void addDroplets(HttpExchange exchange, ObjectNode firewall, JsonNode request) throws IOException {
		if (!knownDroplets(exchange, request.path("droplet_ids"))) {
			return;
		}
		ArrayNode ids = (ArrayNode) firewall.get("droplet_ids");
		for (JsonNode id : request.path("droplet_ids")) {
			boolean present = false;
			for (JsonNode existing : ids) {
				present |= existing.asLong() == id.asLong();
			}
			if (!present) {
				ids.add(id.asLong());
			}
		}
		exchange.sendResponseHeaders(204, -1);
	}

	private boolean knownDroplets(HttpExchange exchange, JsonNode ids) throws IOException {
		for (JsonNode id : ids) {
			if (!id.isIntegralNumber() || !droplets.contains(id.asLong())) {
				error(exchange, 422, "unprocessable_entity", "droplet " + id + " could not be found");
				return false;
			}
		}
		return true;
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> params = new LinkedHashMap<>();
		if (uri.getRawQuery() != null) {
			for (String pair : uri.getRawQuery().split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					params.put(pair.substring(0, eq), pair.substring(eq + 1));
				}
			}
		}
		return params;
	}

	private static void error(HttpExchange exchange, int status, String id, String message) throws IOException {
		send(exchange, status, JSON.createObjectNode().put("id", id).put("message", message));
	}

	private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
