package io.opsdeck.approvals.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opsdeck.approvals.*}.
 *
 * @param expiry how long a request waits for a decision before it expires: 24 hours by default
 * @param sweepInterval how often expired requests are marked {@code EXPIRED} (reads mark them too)
 */
@ConfigurationProperties("opsdeck.approvals")
public record ApprovalsProperties(Duration expiry, Duration sweepInterval) {

	public ApprovalsProperties {
		expiry = (expiry == null) ? Duration.ofHours(24) : expiry;
		sweepInterval = (sweepInterval == null) ? Duration.ofMinutes(1) : sweepInterval;
	}

}
