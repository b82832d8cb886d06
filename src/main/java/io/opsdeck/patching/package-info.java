/**
 * Security updates and patch compliance (seed: Security Updates, Maintenance Procedures). An update is an exclusive
 * Ansible run of {@code security-updates.yml} on an environment, in one of three modes (monthly security pocket,
 * quarterly full upgrade, immediate critical fix); each server's report ({@code patch-report} /
 * {@code patch-error} events, docs/design/schedules-contract.md) is stored as its patch state and the packages it
 * upgraded. The environment's compliance view follows AWS SSM Patch Manager: compliant, non-compliant, pending
 * reboot, unknown. The environment policy (development never automatic, production only by its schedule or an
 * admin) is enforced here, for the API, the pages and the schedules alike.
 */
package io.opsdeck.patching;
