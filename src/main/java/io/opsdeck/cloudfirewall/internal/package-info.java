/**
 * The cloud firewall's implementation: per-environment settings (table {@code cloud_firewall_settings}; the cloud
 * secret is a {@code secret} credential), the AWS driver (EC2 through AWS SDK v2), the DigitalOcean driver (Cloud
 * Firewalls REST API through Spring's {@code RestClient}) and the plan/apply service.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.cloudfirewall.internal;
