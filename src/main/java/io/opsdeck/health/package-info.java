/**
 * Health checks (seed: Health Checks, Monitoring, Troubleshooting): the read-only {@code health-check.yml} playbook
 * run against an environment's servers, its per-host result stored with history and judged against per-environment
 * thresholds, shown as a server × check grid and per server over time, and exported as
 * {@code opsdeck_health_check_status}.
 */
package io.opsdeck.health;
