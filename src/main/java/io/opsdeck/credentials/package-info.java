/**
 * Credentials: SSH private keys pasted by an admin, encrypted at rest with AES-256-GCM under the master key, and
 * handed to a run only through a {@link io.opsdeck.credentials.CredentialLease} that installs the key for that run
 * and wipes it afterwards. Nothing here ever returns key material to a client: the API and pages show metadata and
 * the public-key fingerprint only.
 */
package io.opsdeck.credentials;
