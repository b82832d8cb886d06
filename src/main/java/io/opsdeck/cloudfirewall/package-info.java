/**
 * Cloud firewall: one AWS security group or DigitalOcean Cloud Firewall per environment that lets SSH, HTTP and HTTPS
 * in (seed, Cloud Security (AWS): "Security Groups configured for ports 22, 80, 443; inbound rules allowing web
 * traffic"), attached to each server's cloud instance. A plan says what would change; applying re-plans and makes
 * exactly those changes. Besides backups, the only module that uses the AWS SDK (EC2). User guide:
 * {@code docs/cloud-firewall.md}.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.cloudfirewall;
