/**
 * Container logs on a server (seed: Logging Management, {@code ./scripts/view-logs.sh django 100 true}): the
 * containers log to journald through Docker's journald driver, so reading them is an SSH run of a fixed
 * {@code journalctl} command built from validated parts. No user text ever reaches a shell unchecked.
 */
package io.opsdeck.logs;
