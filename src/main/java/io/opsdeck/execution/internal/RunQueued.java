package io.opsdeck.execution.internal;

import java.util.UUID;

/**
 * A run was stored as queued; after commit the local dispatcher looks for work at once instead of at its next poll.
 *
 * @param runId the run
 */
record RunQueued(UUID runId) {
}
