/**
 * Runs: one SSH command on servers or one Ansible playbook on an environment, executed unattended, with output
 * kept in PostgreSQL and streamed live. The root package is the module's API ({@link io.opsdeck.execution.Runs},
 * requests, statuses and events, and {@link io.opsdeck.execution.FinishedRuns} for modules that store what a run
 * reported once it ended); {@code internal} holds the state machine, dispatcher, executors and log pipeline.
 */
package io.opsdeck.execution;
