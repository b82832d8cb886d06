/**
 * The health module's implementation: launching {@code health-check.yml} with an environment's thresholds, reading
 * each host's {@code health} event from a finished run, judging and storing it, history retention and the gauge.
 */
package io.opsdeck.health.internal;
