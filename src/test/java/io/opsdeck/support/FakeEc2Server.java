package io.opsdeck.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP endpoint speaking the EC2 Query API (form-encoded POST, {@code Action=...}, XML responses in the
 * {@code 2016-11-15} namespace) for exactly the calls the cloud firewall makes: {@code DescribeInstances},
 * {@code DescribeSecurityGroups} (filters {@code group-name}, {@code vpc-id}), {@code CreateSecurityGroup},
 * {@code AuthorizeSecurityGroupIngress} and {@code ModifyInstanceAttribute} (with {@code GroupId.N}). Errors have
 * EC2's shape ({@code <Response><Errors><Error><Code>}): {@code AuthFailure} (401) for an unknown access key id
 * (read from the SigV4 {@code Authorization} header; the signature itself is not verified),
 * {@code InvalidInstanceID.NotFound}, {@code InvalidGroup.NotFound}, {@code InvalidGroup.Duplicate},
 * {@code InvalidPermission.Duplicate} (400). Not AWS: a stand-in so tests need no cloud.
 */
public final class FakeEc2Server implements AutoCloseable {

	public static final String ACCESS_KEY_ID = "AKIAFAKEFIREWALL0001";

	private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

	private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

	/** A rule: tcp {@code from}-{@code to} (or protocol -1) from one CIDR. */
	public record Rule(String protocol, int from, int to, String cidr) {
	}

	/** A security group. */
	public record Group(String id, String name, String vpcId, List<Rule> rules) {
	}

	/** An instance and the ids of its groups. */
	public record Instance(String id, String vpcId, List<String> groups) {
	}

	private final HttpServer server;

	private final Map<String, Group> groups = new ConcurrentHashMap<>();

	private final Map<String, Instance> instances = new ConcurrentHashMap<>();

	private final List<String> actions = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, String[]> failures = new ConcurrentHashMap<>();

	private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

	private FakeEc2Server(HttpServer server) {
		this.server = server;
	}

	/** Starts on {@code 127.0.0.1} and a free port. */
	public static FakeEc2Server start() {
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			FakeEc2Server fake = new FakeEc2Server(http);
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

	/** Forgets every group, instance, failure and recorded action. */
	public void reset() {
		groups.clear();
		instances.clear();
		actions.clear();
		failures.clear();
		authorizations.clear();
	}

	public void addInstance(String id, String vpcId, String... groupIds) {
		instances.put(id, new Instance(id, vpcId, new ArrayList<>(List.of(groupIds))));
	}

	public String addGroup(String name, String vpcId, Rule... rules) {
		String id = "sg-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
		groups.put(id, new Group(id, name, vpcId, Collections.synchronizedList(new ArrayList<>(List.of(rules)))));
		return id;
	}

	/** Makes the next calls of {@code action} fail with this EC2 error code and HTTP status. */
	public void failOn(String action, String code, int status) {
		failures.put(action, new String[] { code, String.valueOf(status) });
	}

	public Instance instance(String id) {
		return instances.get(id);
	}

	public List<Group> groupsNamed(String name) {
		return groups.values().stream().filter(g -> g.name().equals(name)).toList();
	}

	/** @return the actions received, in order */
	public List<String> actions() {
		return List.copyOf(actions);
	}

	/** @return every {@code Authorization} header received (for asserting what was, or was not, sent) */
	public List<String> authorizations() {
		return List.copyOf(authorizations);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, String> p = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			String action = p.getOrDefault("Action", "");
			actions.add(action);
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			authorizations.add(String.valueOf(authorization));
			Matcher key = CREDENTIAL.matcher(String.valueOf(authorization));
			if (!key.find() || !ACCESS_KEY_ID.equals(key.group(1))) {
				error(exchange, 401, "AuthFailure", "AWS was not able to validate the provided access credentials");
				return;
			}
			String[] failure = failures.get(action);
			if (failure != null) {
				error(exchange, Integer.parseInt(failure[1]), failure[0], "Injected by the test");
				return;
			}
			switch (action) {
				case "DescribeInstances" -> describeInstances(exchange, p);
				case "DescribeSecurityGroups" -> describeGroups(exchange, p);
				case "CreateSecurityGroup" -> createGroup(exchange, p);
				case "AuthorizeSecurityGroupIngress" -> authorize(exchange, p);
				case "ModifyInstanceAttribute" -> modifyInstance(exchange, p);
				default -> error(exchange, 400, "InvalidAction", "The action " + action + " is not valid for this web service.");
			}
		}
	}

	private void describeInstances(HttpExchange exchange, Map<String, String> p) throws IOException {
		List<String> ids = indexed(p, "InstanceId.");
		for (String id : ids) {
			if (!instances.containsKey(id)) {
				error(exchange, 400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
				return;
			}
		}
		StringBuilder xml = new StringBuilder("<reservationSet>");
		for (String id : ids) {
			Instance i = instances.get(id);
			xml.append("<item><reservationId>r-").append(id.substring(2)).append("</reservationId>")
				.append("<ownerId>123456789012</ownerId><groupSet/><instancesSet><item>")
				.append("<instanceId>").append(i.id()).append("</instanceId>")
				.append("<instanceState><code>16</code><name>running</name></instanceState>")
				.append("<vpcId>").append(i.vpcId()).append("</vpcId><groupSet>");
			for (String g : i.groups()) {
				Group group = groups.get(g);
				xml.append("<item><groupId>").append(g).append("</groupId><groupName>")
					.append((group != null) ? group.name() : "default").append("</groupName></item>");
			}
			xml.append("</groupSet></item></instancesSet></item>");
		}
		ok(exchange, "DescribeInstancesResponse", xml.append("</reservationSet>").toString());
	}

	private void describeGroups(HttpExchange exchange, Map<String, String> p) throws IOException {
		Map<String, List<String>> filters = new LinkedHashMap<>();
		for (int n = 1; p.containsKey("Filter." + n + ".Name"); n++) {
			filters.put(p.get("Filter." + n + ".Name"), indexed(p, "Filter." + n + ".Value."));
		}
		StringBuilder xml = new StringBuilder("<securityGroupInfo>");
		for (Group g : groups.values()) {
			if (filters.containsKey("group-name") && !filters.get("group-name").contains(g.name())
					|| filters.containsKey("vpc-id") && !filters.get("vpc-id").contains(g.vpcId())) {
				continue;
			}
			xml.append("<item><ownerId>123456789012</ownerId><groupId>").append(g.id()).append("</groupId>")
				.append("<groupName>").append(g.name()).append("</groupName><groupDescription>fake</groupDescription>")
				.append("<vpcId>").append(g.vpcId()).append("</vpcId><ipPermissions>");
			synchronized (g.rules()) {
				for (Rule r : g.rules()) {
					boolean v6 = r.cidr().contains(":");
					xml.append("<item><ipProtocol>").append(r.protocol()).append("</ipProtocol>");
					if (!"-1".equals(r.protocol())) {
						xml.append("<fromPort>").append(r.from()).append("</fromPort><toPort>").append(r.to()).append("</toPort>");
					}
					xml.append("<groups/>")
						.append(v6 ? "<ipRanges/><ipv6Ranges><item><cidrIpv6>" + r.cidr() + "</cidrIpv6></item></ipv6Ranges>"
								: "<ipRanges><item><cidrIp>" + r.cidr() + "</cidrIp></item></ipRanges><ipv6Ranges/>")
						.append("<prefixListIds/></item>");
				}
			}
			xml.append("</ipPermissions><ipPermissionsEgress/></item>");
		}
		ok(exchange, "DescribeSecurityGroupsResponse", xml.append("</securityGroupInfo>").toString());
	}

	private void createGroup(HttpExchange exchange, Map<String, String> p) throws IOException {
		String name = p.get("GroupName");
		String vpc = p.getOrDefault("VpcId", "vpc-default");
		if (name == null || p.get("GroupDescription") == null) {
			error(exchange, 400, "MissingParameter", "The request must contain the parameter GroupName and GroupDescription");
			return;
		}
		if (groups.values().stream().anyMatch(g -> g.name().equals(name) && g.vpcId().equals(vpc))) {
			error(exchange, 400, "InvalidGroup.Duplicate", "The security group '" + name + "' already exists for VPC '" + vpc + "'");
			return;
		}
		String id = addGroup(name, vpc);
		ok(exchange, "CreateSecurityGroupResponse", "<return>true</return><groupId>" + id + "</groupId>");
	}

	private void authorize(HttpExchange exchange, Map<String, String> p) throws IOException {
		Group group = groups.get(String.valueOf(p.get("GroupId")));
		if (group == null) {
			error(exchange, 400, "InvalidGroup.NotFound", "The security group '" + p.get("GroupId") + "' does not exist");
			return;
		}
		List<Rule> adding = new ArrayList<>();
		for (int n = 1; p.containsKey("IpPermissions." + n + ".IpProtocol"); n++) {
			String prefix = "IpPermissions." + n + ".";
			String protocol = p.get(prefix + "IpProtocol");
			int from = Integer.parseInt(p.getOrDefault(prefix + "FromPort", "-1"));
			int to = Integer.parseInt(p.getOrDefault(prefix + "ToPort", "-1"));
			indexed(p, prefix + "IpRanges.", ".CidrIp").forEach(c -> adding.add(new Rule(protocol, from, to, c)));
			indexed(p, prefix + "Ipv6Ranges.", ".CidrIpv6").forEach(c -> adding.add(new Rule(protocol, from, to, c)));
		}
		for (Rule rule : adding) {
			if (group.rules().contains(rule)) {
				error(exchange, 400, "InvalidPermission.Duplicate", "the specified rule \"peer: " + rule.cidr()
						+ ", TCP, from port: " + rule.from() + ", to port: " + rule.to() + ", ALLOW\" already exists");
				return;
			}
		}
		group.rules().addAll(adding);
		ok(exchange, "AuthorizeSecurityGroupIngressResponse", "<return>true</return>");
	}

	private void modifyInstance(HttpExchange exchange, Map<String, String> p) throws IOException {
		Instance instance = instances.get(String.valueOf(p.get("InstanceId")));
		if (instance == null) {
			error(exchange, 400, "InvalidInstanceID.NotFound", "The instance ID '" + p.get("InstanceId") + "' does not exist");
			return;
		}
		List<String> ids = indexed(p, "GroupId.");
		for (String id : ids) {
			if (!groups.containsKey(id)) {
				error(exchange, 400, "InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
				return;
			}
		}
		instance.groups().clear();
		instance.groups().addAll(ids);
		ok(exchange, "ModifyInstanceAttributeResponse", "<return>true</return>");
	}

	private static List<String> indexed(Map<String, String> p, String prefix) {
		return indexed(p, prefix, "");
	}

	private static List<String> indexed(Map<String, String> p, String prefix, String suffix) {
		List<String> values = new ArrayList<>();
		for (int n = 1; p.containsKey(prefix + n + suffix); n++) {
			values.add(p.get(prefix + n + suffix));
		}
		return values;
	}

	private static Map<String, String> form(String body) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			params.put(name, value);
		}
		return params;
	}

	private static void ok(HttpExchange exchange, String root, String inner) throws IOException {
		send(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"" + NS + "\"><requestId>"
				+ UUID.randomUUID() + "</requestId>" + inner + "</" + root + ">");
	}

	private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
		send(exchange, status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
				+ "</Code><Message>" + message.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;")
				+ "</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>");
	}

	private static void send(HttpExchange exchange, int status, String xml) throws IOException {
		byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
