package io.opsdeck.cloudfirewall.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.opsdeck.cloudfirewall.CloudFirewallException;
import io.opsdeck.cloudfirewall.CloudFirewallException.Reason;
import io.opsdeck.cloudfirewall.FirewallChange;
import io.opsdeck.cloudfirewall.FirewallChange.Action;
import io.opsdeck.cloudfirewall.FirewallPlan;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Plans and applies one environment's DigitalOcean Cloud Firewall. Plan: {@code GET /v2/firewalls} (all pages) and
 * the firewall with the configured name. Apply: a new firewall is created with the missing inbound rules, outbound
 * rules that allow everything (a firewall without outbound rules would block all outgoing traffic) and the droplets
 * in one {@code POST /v2/firewalls}; an existing one gets {@code POST /v2/firewalls/{id}/rules} with the missing
 * inbound rules and {@code POST /v2/firewalls/{id}/droplets} with the missing droplets.
 */
class DigitalOceanFirewallSession implements FirewallSession {

	private static final int PAGE_SIZE = 200;

	private static final int MAX_PAGES = 50;

	private final RestClient client;

	private final FirewallTarget target;

	private @Nullable FirewallPlan lastPlan;

	DigitalOceanFirewallSession(RestClient client, FirewallTarget target) {
		this.client = client;
		this.target = target;
	}

	@Override
	public FirewallPlan plan() {
		JsonNode firewall = findFirewall();
		List<FirewallChange> changes = new ArrayList<>();
		if (firewall == null) {
			changes.add(FirewallChange.createGroup("create cloud firewall " + target.groupName()
					+ " (outbound: all traffic allowed)"));
		}
		for (int port : FirewallRules.PORTS) {
			for (String source : FirewallRules.SOURCES) {
				if (firewall == null || !covered(firewall.path("inbound_rules"), port, source)) {
					changes.add(FirewallChange.addRule(port, source));
				}
			}
		}
		Set<String> attached = new TreeSet<>();
		if (firewall != null) {
			firewall.path("droplet_ids").forEach(id -> attached.add(id.asString()));
		}
		for (FirewallTarget.Instance wanted : target.instances()) {
			if (!attached.contains(wanted.instanceId())) {
				changes.add(FirewallChange.attach(wanted.server(), wanted.instanceId()));
			}
		}
		List<String> notes = new ArrayList<>(target.notes());
		if (target.instances().isEmpty()) {
			notes.add("No server of this environment has a droplet id: the firewall is attached to nothing.");
		}
		this.lastPlan = new FirewallPlan(target.environment(), target.provider(), target.region(), target.groupName(),
				(firewall != null) ? firewall.path("id").asString() : null, List.copyOf(changes), List.copyOf(notes));
		return this.lastPlan;
	}

	@Override
	public FirewallPlan apply() {
		FirewallPlan plan = this.lastPlan;
		if (plan == null) {
			throw new IllegalStateException("plan() first");
		}
		List<FirewallChange> rules = plan.changes().stream().filter(c -> c.action() == Action.ADD_RULE).toList();
		List<FirewallChange> attach = plan.changes().stream().filter(c -> c.action() == Action.ATTACH).toList();
		List<FirewallChange> applied = new ArrayList<>();
		String id = plan.groupId();
		try {
			if (id == null) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("name", target.groupName());
				body.put("inbound_rules", inboundRules(rules));
				body.put("outbound_rules", outboundAll());
				body.put("droplet_ids", dropletIds(attach));
				JsonNode created = call("POST /v2/firewalls",
						() -> client.post().uri("/v2/firewalls").body(body).retrieve().body(JsonNode.class));
				id = (created != null) ? created.path("firewall").path("id").asString() : null;
				applied.addAll(plan.changes());
			}
			else {
				String existing = id;
				if (!rules.isEmpty()) {
					Map<String, Object> body = Map.of("inbound_rules", inboundRules(rules));
					call("POST /v2/firewalls/{id}/rules", () -> client.post()
						.uri("/v2/firewalls/{id}/rules", existing)
						.body(body)
						.retrieve()
						.toBodilessEntity());
					applied.addAll(rules);
				}
				if (!attach.isEmpty()) {
					Map<String, Object> body = Map.of("droplet_ids", dropletIds(attach));
					call("POST /v2/firewalls/{id}/droplets", () -> client.post()
						.uri("/v2/firewalls/{id}/droplets", existing)
						.body(body)
						.retrieve()
						.toBodilessEntity());
					applied.addAll(attach);
				}
			}
		}
		catch (CloudFirewallException ex) {
			throw ex.afterApplying(applied);
		}
		return new FirewallPlan(plan.environment(), plan.provider(), plan.region(), plan.groupName(), id,
				List.copyOf(applied), plan.notes());
	}

	private @Nullable JsonNode findFirewall() {
		for (int page = 1; page <= MAX_PAGES; page++) {
			int current = page;
			JsonNode body = call("GET /v2/firewalls", () -> client.get()
				.uri("/v2/firewalls?per_page={size}&page={page}", PAGE_SIZE, current)
				.retrieve()
				.body(JsonNode.class));
			if (body == null) {
				return null;
			}
			for (JsonNode firewall : body.path("firewalls")) {
				if (target.groupName().equals(firewall.path("name").asString())) {
					return firewall;
				}
			}
			if (body.path("links").path("pages").path("next").isMissingNode()) {
				return null;
			}
		}
		return null;
	}

	/** Whether an inbound rule already lets TCP {@code port} in from {@code source}. */
	static boolean covered(JsonNode inboundRules, int port, String source) {
		for (JsonNode rule : inboundRules) {
			if (!"tcp".equals(rule.path("protocol").asString()) || !portMatches(rule.path("ports").asString(), port)) {
				continue;
			}
			for (JsonNode address : rule.path("sources").path("addresses")) {
				if (source.equals(address.asString())) {
					return true;
				}
			}
		}
		return false;
	}

	/** DigitalOcean's {@code ports}: one port, a range {@code 8000-9000}, or {@code 0} / {@code all} for all. */
	static boolean portMatches(String ports, int port) {
		if (ports.isEmpty() || "0".equals(ports) || "all".equals(ports)) {
			return true;
		}
		try {
			int dash = ports.indexOf('-');
			if (dash < 0) {
				return Integer.parseInt(ports.strip()) == port;
			}
			return Integer.parseInt(ports.substring(0, dash).strip()) <= port
					&& port <= Integer.parseInt(ports.substring(dash + 1).strip());
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static List<Map<String, Object>> inboundRules(List<FirewallChange> rules) {
		Map<Integer, List<String>> byPort = new LinkedHashMap<>();
		rules.forEach(r -> byPort.computeIfAbsent(r.port(), p -> new ArrayList<>()).add(r.source()));
		List<Map<String, Object>> inbound = new ArrayList<>();
		byPort.forEach((port, sources) -> inbound.add(rule("tcp", String.valueOf(port), "sources", sources)));
		return inbound;
	}

	private static List<Map<String, Object>> outboundAll() {
		return List.of(rule("tcp", "0", "destinations", FirewallRules.SOURCES),
				rule("udp", "0", "destinations", FirewallRules.SOURCES),
				rule("icmp", null, "destinations", FirewallRules.SOURCES));
	}

	/** One rule in the API's field order; {@code ports} {@code "0"} means all ports, ICMP has none. */
	private static Map<String, Object> rule(String protocol, @Nullable String ports, String direction,
			List<String> addresses) {
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("protocol", protocol);
		if (ports != null) {
			rule.put("ports", ports);
		}
		rule.put(direction, Map.of("addresses", addresses));
		return rule;
	}

	private static List<Long> dropletIds(List<FirewallChange> attach) {
		return attach.stream().map(c -> Long.parseLong(c.instanceId())).toList();
	}

	private static <T> T call(String action, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (RestClientResponseException ex) {
			throw DigitalOceanErrors.translate(action, ex);
		}
		catch (ResourceAccessException ex) {
			throw new CloudFirewallException(Reason.UNREACHABLE, "The DigitalOcean API could not be reached for "
					+ action + ": " + ex.getMostSpecificCause().getClass().getSimpleName() + ".", ex);
		}
		catch (RestClientException ex) {
			throw new CloudFirewallException(Reason.OTHER, "DigitalOcean " + action + " failed: " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public void close() {
		// the JDK client of Java 17 has nothing to close; its threads end when it is unreachable
	}

}
