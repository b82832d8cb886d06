package io.opsdeck.execution.internal.ansible;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opsdeck.execution.internal.ExecutionThreads;
import io.opsdeck.execution.internal.output.RunOutput;
import io.opsdeck.execution.internal.ssh.HostKeyException;
import io.opsdeck.execution.internal.ssh.SshConnector;
import io.opsdeck.inventory.ServerTarget;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The {@code known_hosts} of an Ansible run: only host keys Opsdeck verified. A server whose verified key Opsdeck
 * stores (and whose fingerprint is still the trusted one) goes in at once and is checked again while
 * {@code ansible-playbook} starts ({@code ssh} enforces the stored key either way); any other is checked before the
 * playbook starts, and left out when the check fails (its line in the output says why, and {@code ssh} then refuses
 * that host). Only the remote servers the run's {@code --limit} can reach are checked.
 */
@Component
class AnsibleHostKeys {

	/** A host or group name in a {@code --limit}: no pattern, negation, intersection, regex or subscript. */
	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

	/** Host key checks run at once for one run. */
	private static final int PARALLEL_CHECKS = 20;

	private final SshConnector connector;

	private final ExecutionThreads threads;

	AnsibleHostKeys(SshConnector connector, ExecutionThreads threads) {
		this.connector = connector;
		this.threads = threads;
	}

	/**
	 * @return the remote servers of {@code servers} whose host keys the run checks: those its {@code --limit} can
	 * reach (see {@link #limited})
	 */
	List<ServerTarget> targets(List<ServerTarget> servers, String environment, @Nullable String limit) {
		return limited(servers, environment, limit).stream().filter(server -> !server.isLocal()).toList();
	}

	/**
	 * Checks again, in the background, the stored keys {@link #knownHosts} writes at once. A changed key gets a
	 * failure line in the run's output, so the caller must wait for the result before the output closes.
	 * @return completes (with the {@code known_hosts} lines of the keys it verified) once every check has ended
	 */
	CompletableFuture<String> recheckStored(List<ServerTarget> targets, RunOutput output) {
		List<ServerTarget> stored = targets.stream().filter(server -> storedKey(server) != null).toList();
		return CompletableFuture.supplyAsync(() -> verifyHostKeys(stored, output).join(), threads.io());
	}

	/**
	 * Checks the host keys of the targets without a usable stored key, and waits for those checks.
	 * @return the {@code known_hosts} text: a {@code <name> <type> <base64>} line for each key verified now, then one
	 * for each stored key
	 */
	String knownHosts(List<ServerTarget> targets, RunOutput output) {
		List<ServerTarget> unverified = targets.stream().filter(server -> storedKey(server) == null).toList();
		return verifyHostKeys(unverified, output).join() + targets.stream()
			.filter(server -> storedKey(server) != null)
			.map(server -> server.name() + " " + storedKey(server) + "\n")
			.collect(Collectors.joining());
	}

	/**
	 * @return the server's stored host key ({@code <type> <base64>}) when it is the key of the fingerprint Opsdeck
	 * trusts, else {@code null} (never connected, or the trusted fingerprint changed since)
	 */
	static @Nullable String storedKey(ServerTarget server) {
		String key = server.hostKey();
		String fingerprint = server.hostKeyFingerprint();
		if (key == null || fingerprint == null) {
			return null;
		}
		String[] parts = key.trim().split(" ");
		if (parts.length < 2) {
			return null;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(parts[1]));
			String actual = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
			return actual.equals(fingerprint) ? parts[0] + " " + parts[1] : null;
		}
		catch (IllegalArgumentException | NoSuchAlgorithmException ex) {
			return null;
		}
	}

	/**
	 * The servers a run's {@code --limit} can reach, for the host key check: a limit of plain host and group names
	 * (separated by {@code ,} or {@code :}) selects those hosts and the members of those groups (the environment's
	 * group and the role tag groups {@link InventoryDocument} writes); any other limit (patterns, {@code !},
	 * {@code &}, {@code ~}, {@code @file}, an unknown name) keeps every server, as Ansible decides what it matches.
	 */
	static List<ServerTarget> limited(List<ServerTarget> servers, String environment, @Nullable String limit) {
		if (limit == null || limit.isBlank()) {
			return servers;
		}
		Set<ServerTarget> selected = new LinkedHashSet<>();
		for (String name : limit.trim().split("[,:]")) {
			String part = name.trim();
			if (part.isEmpty()) {
				continue;
			}
			if (!PLAIN_NAME.matcher(part).matches() || part.equals("all") || part.equals("ungrouped")) {
				return servers;
			}
			List<ServerTarget> matched = servers.stream()
				.filter(server -> server.name().equals(part) || InventoryDocument.group(environment).equals(part)
						|| server.roles().stream().anyMatch(role -> InventoryDocument.group(role).equals(part)))
				.toList();
			if (matched.isEmpty()) {
				return servers;
			}
			selected.addAll(matched);
		}
		return selected.isEmpty() ? servers : List.copyOf(selected);
	}

	/**
	 * Checks the host keys of remote servers, {@value #PARALLEL_CHECKS} at a time (a refused or unreachable one gets
	 * a line in the output).
	 * @return the {@code known_hosts} lines of the verified keys, once every check has ended
	 */
	private CompletableFuture<String> verifyHostKeys(List<ServerTarget> servers, RunOutput output) {
		if (servers.isEmpty()) {
			return CompletableFuture.completedFuture("");
		}
		List<CompletableFuture<String>> checks = new ArrayList<>();
		var pool = threads.bounded("opsdeck-hostkey-", PARALLEL_CHECKS);
		for (ServerTarget server : servers) {
			checks.add(CompletableFuture.supplyAsync(() -> verify(server, output), pool));
		}
		return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenApply(done -> {
			StringBuilder knownHosts = new StringBuilder();
			for (CompletableFuture<String> check : checks) {
				String line = check.join();
				if (line != null) {
					knownHosts.append(line).append('\n');
				}
			}
			return knownHosts.toString();
		});
	}

	private @Nullable String verify(ServerTarget server, RunOutput output) {
		try {
			return server.name() + " " + connector.verifyHostKey(server);
		}
		catch (HostKeyException ex) {
			output.failure(server.name(), ex.getMessage());
		}
		catch (IOException ex) {
			output.system(server.name(), "Could not check the host key of " + server.name() + " (" + server.host()
					+ ":" + server.port() + "): " + ((ex.getMessage() != null) ? ex.getMessage() : "unreachable"));
		}
		return null;
	}

}
