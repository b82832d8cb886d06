package io.opsdeck.health.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import io.opsdeck.health.CheckResult;
import io.opsdeck.health.HealthCheck;
import io.opsdeck.health.HealthStatus;
import io.opsdeck.health.HealthThresholds;
import tools.jackson.databind.JsonNode;

/**
 * Judges one host's {@code opsdeck_health} report (ansible/playbooks/health-check.yml) against an environment's
 * thresholds, check by check (seed: Health Checks). Opsdeck judges the measured values itself, so a run started
 * without the thresholds (e.g. {@code POST /api/v1/runs}) is rated like one the health module started.
 * <ul>
 * <li>docker: not installed is OK; installed with its service not active is CRITICAL; a daemon that cannot be read
 * (permission) is a WARNING</li>
 * <li>containers: any unhealthy, restarting or dead container is a WARNING; no daemon to ask is UNKNOWN</li>
 * <li>disk: the fullest mount against disk warn/critical percent</li>
 * <li>memory: used percent against memory warn percent</li>
 * <li>load: 5-minute load average per CPU against load warn/critical</li>
 * <li>ports: informational, OK when readable</li>
 * <li>firewall: active is OK; inactive, or not readable without root, is a WARNING</li>
 * </ul>
 */
final class HealthJudge {

	/** The longest detail stored, characters. */
	static final int MAX_DETAIL = 500;

	private HealthJudge() {
	}

	/**
	 * @param report the host's {@code opsdeck_health} dict
	 * @param thresholds the environment's thresholds
	 * @return every check's result, in {@link HealthCheck} order
	 */
	static Map<HealthCheck, CheckResult> judge(JsonNode report, HealthThresholds thresholds) {
		Map<HealthCheck, CheckResult> results = new EnumMap<>(HealthCheck.class);
		results.put(HealthCheck.DOCKER, docker(report.path("docker")));
		results.put(HealthCheck.CONTAINERS, containers(report.path("docker"), report.path("containers")));
		results.put(HealthCheck.DISK, disk(report.path("disk"), thresholds));
		results.put(HealthCheck.MEMORY, memory(report.path("memory"), thresholds));
		results.put(HealthCheck.LOAD, load(report.path("load"), thresholds));
		results.put(HealthCheck.PORTS, ports(report.path("ports")));
		results.put(HealthCheck.FIREWALL, firewall(report.path("firewall")));
		results.replaceAll((check, result) -> new CheckResult(result.status(), cut(result.detail())));
		return results;
	}

	/** @return every check UNKNOWN with the reason, for a host that sent no report */
	static Map<HealthCheck, CheckResult> unknown(String why) {
		Map<HealthCheck, CheckResult> results = new EnumMap<>(HealthCheck.class);
		for (HealthCheck check : HealthCheck.values()) {
			results.put(check, new CheckResult(HealthStatus.UNKNOWN, why));
		}
		return results;
	}

	/** @return the worst status of the checks (OK when there are none) */
	static HealthStatus overall(Map<HealthCheck, CheckResult> results) {
		return results.values().stream().map(CheckResult::status).max(Enum::compareTo).orElse(HealthStatus.OK);
	}

	/** @return one line per check that is not OK, e.g. {@code disk: / 93.0 % used (critical at 90 %)} */
	static List<String> reasons(Map<HealthCheck, CheckResult> results) {
		List<String> reasons = new ArrayList<>();
		results.forEach((check, result) -> {
			if (result.status() != HealthStatus.OK) {
				reasons.add(check.value() + ": " + result.detail());
			}
		});
		return reasons;
	}

	private static CheckResult docker(JsonNode docker) {
		if (!docker.isObject()) {
			return new CheckResult(HealthStatus.UNKNOWN, "not reported");
		}
		if (!docker.path("installed").asBoolean(false)) {
			return new CheckResult(HealthStatus.OK, "not installed");
		}
		String service = docker.path("service").asString("unknown");
		if (!service.equals("active") && !service.equals("running")) {
			return new CheckResult(HealthStatus.CRITICAL, "installed, service is " + service);
		}
		String daemon = docker.path("daemon").asString("unknown");
		if (!daemon.equals("reachable")) {
			return new CheckResult(HealthStatus.WARNING, "service " + service + ", daemon " + daemon);
		}
		String version = docker.path("version").asString("");
		return new CheckResult(HealthStatus.OK, "service " + service + (version.isEmpty() ? "" : ", Docker " + version));
	}

	private static CheckResult containers(JsonNode docker, JsonNode containers) {
		if (docker.isObject() && !docker.path("installed").asBoolean(false)) {
			return new CheckResult(HealthStatus.OK, "no Docker, no containers");
		}
		if (docker.isObject() && !docker.path("daemon").asString("").equals("reachable")) {
			return new CheckResult(HealthStatus.UNKNOWN, "daemon " + docker.path("daemon").asString("unknown")
					+ ": containers not readable");
		}
		if (!containers.isArray()) {
			return new CheckResult(HealthStatus.UNKNOWN, "not reported");
		}
		int running = 0;
		List<String> bad = new ArrayList<>();
		for (JsonNode c : containers) {
			String state = c.path("state").asString("unknown");
			String health = c.path("health").asString("none");
			if (state.equals("running")) {
				running++;
			}
			if (health.equals("unhealthy") || state.equals("restarting") || state.equals("dead")) {
				bad.add(c.path("name").asString("?") + " " + (health.equals("unhealthy") ? "unhealthy" : state));
			}
		}
		String counts = running + " of " + containers.size() + " running";
		if (!bad.isEmpty()) {
			return new CheckResult(HealthStatus.WARNING, String.join(", ", bad) + " (" + counts + ")");
		}
		return new CheckResult(HealthStatus.OK, containers.isEmpty() ? "no containers" : counts);
	}

	private static CheckResult disk(JsonNode disks, HealthThresholds thresholds) {
		JsonNode fullest = null;
		for (JsonNode d : disks) {
			if (d.path("used_percent").isNumber()
					&& (fullest == null || d.path("used_percent").asDouble() > fullest.path("used_percent").asDouble())) {
				fullest = d;
			}
		}
		if (fullest == null) {
			return new CheckResult(HealthStatus.UNKNOWN, "no local mount reported");
		}
		double used = fullest.path("used_percent").asDouble();
		String what = fullest.path("mount").asString("?") + " " + number(used) + " % used, "
				+ megabytes(fullest.path("available_mb").asLong(0)) + " free";
		if (used >= thresholds.diskCriticalPercent()) {
			return new CheckResult(HealthStatus.CRITICAL,
					what + " (critical at " + number(thresholds.diskCriticalPercent()) + " %)");
		}
		if (used >= thresholds.diskWarnPercent()) {
			return new CheckResult(HealthStatus.WARNING,
					what + " (warning at " + number(thresholds.diskWarnPercent()) + " %)");
		}
		return new CheckResult(HealthStatus.OK, what);
	}

	private static CheckResult memory(JsonNode memory, HealthThresholds thresholds) {
		if (!memory.path("used_percent").isNumber()) {
			return new CheckResult(HealthStatus.UNKNOWN, memory.path("error").asString("not reported"));
		}
		double used = memory.path("used_percent").asDouble();
		String what = number(used) + " % used, " + megabytes(memory.path("available_mb").asLong(0)) + " available";
		if (used >= thresholds.memoryWarnPercent()) {
			return new CheckResult(HealthStatus.WARNING,
					what + " (warning at " + number(thresholds.memoryWarnPercent()) + " %)");
		}
		return new CheckResult(HealthStatus.OK, what);
	}

	private static CheckResult load(JsonNode load, HealthThresholds thresholds) {
		if (!load.path("load5").isNumber()) {
			return new CheckResult(HealthStatus.UNKNOWN, load.path("error").asString("not reported"));
		}
		int cpus = Math.max(1, load.path("cpus").asInt(1));
		double perCpu = load.path("load5").asDouble() / cpus;
		String what = "load " + number(load.path("load1").asDouble()) + " / " + number(load.path("load5").asDouble())
				+ " / " + number(load.path("load15").asDouble()) + " on " + cpus + " CPU" + (cpus == 1 ? "" : "s")
				+ ", " + number(perCpu) + " per CPU";
		if (perCpu >= thresholds.loadCriticalPerCpu()) {
			return new CheckResult(HealthStatus.CRITICAL,
					what + " (critical at " + number(thresholds.loadCriticalPerCpu()) + ")");
		}
		if (perCpu >= thresholds.loadWarnPerCpu()) {
			return new CheckResult(HealthStatus.WARNING,
					what + " (warning at " + number(thresholds.loadWarnPerCpu()) + ")");
		}
		return new CheckResult(HealthStatus.OK, what);
	}

	private static CheckResult ports(JsonNode ports) {
		if (!ports.isArray()) {
			return new CheckResult(HealthStatus.UNKNOWN, "not reported");
		}
		TreeSet<Integer> tcp = new TreeSet<>();
		TreeSet<Integer> udp = new TreeSet<>();
		for (JsonNode p : ports) {
			(p.path("proto").asString("").equals("udp") ? udp : tcp).add(p.path("port").asInt());
		}
		if (tcp.isEmpty() && udp.isEmpty()) {
			return new CheckResult(HealthStatus.OK, "none listening");
		}
		String detail = (tcp.isEmpty() ? "" : "tcp " + join(tcp)) + (tcp.isEmpty() || udp.isEmpty() ? "" : "; ")
				+ (udp.isEmpty() ? "" : "udp " + join(udp));
		return new CheckResult(HealthStatus.OK, detail);
	}

	private static CheckResult firewall(JsonNode firewall) {
		if (!firewall.isObject()) {
			return new CheckResult(HealthStatus.UNKNOWN, "not reported");
		}
		String tool = firewall.path("tool").asString("unknown");
		String status = firewall.path("status").asString("unknown");
		String detail = firewall.path("detail").asString("");
		String what = (tool.equals("none") ? "" : tool + " " + status) + (detail.isEmpty() ? "" : (tool.equals("none") ? "" : ": ") + detail);
		return new CheckResult(status.equals("active") ? HealthStatus.OK : HealthStatus.WARNING, what);
	}

	private static String join(TreeSet<Integer> ports) {
		List<String> shown = ports.stream().limit(20).map(String::valueOf).toList();
		return String.join(", ", shown) + (ports.size() > 20 ? " and " + (ports.size() - 20) + " more" : "");
	}

	private static String number(double value) {
		return (value == Math.rint(value) && Math.abs(value) < 1e9) ? Long.toString((long) value)
				: String.format(Locale.ROOT, "%.2f", value).replaceAll("0$", "");
	}

	private static String megabytes(long mb) {
		return (mb >= 10_240) ? (mb / 1024) + " GB" : mb + " MB";
	}

	private static String cut(String detail) {
		return (detail.length() > MAX_DETAIL) ? detail.substring(0, MAX_DETAIL - 1) + "…" : detail;
	}

}
