/**
 * Container logs on a server (seed: Logging Management, {@code ./scripts/view-logs.sh django 100 true}): the
 * containers log to journald through Docker's journald driver, so reading them is a fixed {@code journalctl} command
 * built from validated parts, streamed straight over SSH ({@link io.opsdeck.execution.RemoteReads}; not a run) or
 * started as a run. Journal vacuum and Docker image prune (seed: troubleshooting, high disk usage) are runs. No user
 * text ever reaches a shell unchecked.
 */
package io.opsdeck.logs;
