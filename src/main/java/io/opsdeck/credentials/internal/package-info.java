/**
 * How credentials are kept: the master key and its file, AES-GCM encryption, SSH key parsing and re-encoding, the
 * lease that installs a key file for one run, persistence.
 */
package io.opsdeck.credentials.internal;
