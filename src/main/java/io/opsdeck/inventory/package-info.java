/**
 * Inventory: environments (development, staging, production on AWS or DigitalOcean) and the servers in them, with
 * how to reach each one (SSH with a credential, or the local connection) and which SSH host key to trust. Creates
 * the {@code demo} environment with {@code localhost} on a fresh installation.
 */
package io.opsdeck.inventory;
