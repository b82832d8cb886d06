package io.opsdeck.patching.web;

import java.util.Locale;
import java.util.UUID;

import io.opsdeck.patching.PatchCompliance;
import io.opsdeck.patching.ServerCompliance;
import org.jspecify.annotations.Nullable;

/**
 * An environment's patch compliance as lines for a terminal
 * ({@code GET /api/v1/environments/{name}/patch-compliance/summary}): what {@code scripts/security-update.sh}
 * prints after its run, so the script needs no JSON parser. One line per server, then the counts.
 */
final class PatchComplianceText {

	private PatchComplianceText() {
	}

	/**
	 * @param compliance the environment's compliance
	 * @param runId when given, servers this run did not report on say so instead of showing older state
	 */
	static String of(PatchCompliance compliance, @Nullable UUID runId) {
		StringBuilder text = new StringBuilder();
		for (ServerCompliance s : compliance.servers()) {
			if (runId != null && !runId.equals(s.lastRunId())) {
				text.append(String.format(Locale.ROOT, "    %-24s not reported by this run (%s)%n", s.server(), s.status()));
				continue;
			}
			String reboot = s.rebootRequired()
					? "reboot required since " + ((s.rebootRequiredSince() != null) ? s.rebootRequiredSince() : "now")
					: "no reboot needed";
			text.append(String.format(Locale.ROOT, "    %-24s %-14s pending security %d, other %d, %s%s%n", s.server(),
					s.status(), s.pendingSecurityUpdates(), s.pendingOtherUpdates(), reboot,
					(s.lastError() != null) ? "; error: " + s.lastError() : ""));
		}
		text.append(String.format(Locale.ROOT,
				"==> environment %s: %d compliant, %d non-compliant, %d pending reboot, %d unknown%n",
				compliance.environment(), compliance.compliant(), compliance.nonCompliant(), compliance.pendingReboot(),
				compliance.unknown()));
		return text.toString();
	}

}
