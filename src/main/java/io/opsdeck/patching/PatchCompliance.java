package io.opsdeck.patching;

import java.util.List;

/**
 * An environment's patch compliance: the body of {@code GET /api/v1/environments/{name}/patch-compliance}, counts
 * per {@link PatchStatus} and one entry per server, ordered by server name.
 *
 * @param environment environment name
 * @param compliant servers that are {@link PatchStatus#COMPLIANT}
 * @param nonCompliant servers with pending security updates
 * @param pendingReboot servers only missing a reboot
 * @param unknown servers never checked
 * @param servers every server of the environment
 */
public record PatchCompliance(String environment, int compliant, int nonCompliant, int pendingReboot, int unknown,
		List<ServerCompliance> servers) {

	/** @return the counts computed from the servers' states */
	public static PatchCompliance of(String environment, List<ServerCompliance> servers) {
		return new PatchCompliance(environment, count(servers, PatchStatus.COMPLIANT),
				count(servers, PatchStatus.NON_COMPLIANT), count(servers, PatchStatus.PENDING_REBOOT),
				count(servers, PatchStatus.UNKNOWN), List.copyOf(servers));
	}

	private static int count(List<ServerCompliance> servers, PatchStatus status) {
		return (int) servers.stream().filter(s -> s.status() == status).count();
	}

}
