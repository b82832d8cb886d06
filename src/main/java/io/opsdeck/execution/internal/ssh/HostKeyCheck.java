package io.opsdeck.execution.internal.ssh;

import java.security.PublicKey;
import java.util.List;

import io.opsdeck.inventory.HostKeyPolicy;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the host key of one connection against the server's stored fingerprint, recording it under
 * trust-on-first-use, and remembers why a key was refused so the caller can say so. A refused key is recorded in the
 * inventory as the server's untrusted offer (the server page warns; an admin may accept it), a trusted one clears
 * such an offer (docs/inventory-and-credentials.md, "Host keys").
 */
final class HostKeyCheck implements HostKeyVerifier {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HostKeyCheck.class);

	private final ServerTarget server;

	private final Inventory inventory;

	private volatile @Nullable PublicKey offered;

	private volatile @Nullable String refusal;

	private volatile boolean mismatch;

	HostKeyCheck(ServerTarget server, Inventory inventory) {
		this.server = server;
		this.inventory = inventory;
	}

	@Override
	public boolean verify(String hostname, int port, PublicKey key) {
		offered = key;
		String fingerprint = SshKeys.fingerprint(key);
		String trusted = server.hostKeyFingerprint();
		if (trusted != null) {
			if (trusted.equals(fingerprint)) {
				if (server.hostKey() == null) {
					inventory.trustHostKey(server.id(), fingerprint, SshKeys.openSsh(key));
				}
				inventory.hostKeyVerified(server.id());
				return true;
			}
			mismatch = true;
			record(key, fingerprint, true);
			refusal = describe(key) + ", but Opsdeck trusts " + trusted
					+ ". The server may have been rebuilt, or someone may be intercepting the connection; "
					+ "an admin of the environment can accept the new key on the server's page after checking it.";
			return false;
		}
		if (server.hostKeyPolicy() == HostKeyPolicy.TRUST_ON_FIRST_USE
				&& inventory.trustHostKey(server.id(), fingerprint, SshKeys.openSsh(key))) {
			return true;
		}
		record(key, fingerprint, false);
		refusal = describe(key) + ", which Opsdeck does not trust yet. Check it on the server (ssh-keygen -lf "
				+ "/etc/ssh/ssh_host_*_key.pub), then set it as the server's host key fingerprint, or switch the "
				+ "server to trust-on-first-use.";
		return false;
	}

	private void record(PublicKey key, String fingerprint, boolean changed) {
		try {
			inventory.recordUntrustedHostKey(server.id(), fingerprint, SshKeys.openSsh(key), changed);
		}
		catch (RuntimeException ex) {
			log.warn("Cannot record the host key {} offered by server {}: {}", fingerprint, server.name(), ex.toString());
		}
	}

	@Override
	public List<String> findExistingAlgorithms(String hostname, int port) {
		String stored = server.hostKey();
		if (stored == null) {
			return List.of();
		}
		String type = SshKeys.typeOf(stored);
		return type.equals("ssh-rsa") ? List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa") : List.of(type);
	}

	/** @return whether a key was refused because it differs from a stored fingerprint */
	boolean mismatch() {
		return mismatch;
	}

	@Nullable PublicKey offered() {
		return offered;
	}

	/** @return the exception describing the refusal, or {@code null} if no key was refused */
	@Nullable HostKeyException failure() {
		PublicKey key = offered;
		String reason = refusal;
		if (key == null || reason == null) {
			return null;
		}
		return new HostKeyException("Host key verification failed for " + server.name() + " (" + server.host() + ":"
				+ server.port() + "): " + reason, SshKeys.fingerprint(key));
	}

	private static String describe(PublicKey key) {
		return "it offered the " + SshKeys.type(key) + " key " + SshKeys.fingerprint(key);
	}

}
