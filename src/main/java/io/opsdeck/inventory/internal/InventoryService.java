package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.HostKeyPolicy;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** {@link Inventory} for the run engine. */
@Service
class InventoryService implements Inventory {

	private static final Pattern FINGERPRINT = Pattern.compile(InventoryRules.FINGERPRINT);

	private static final Pattern HOST_KEY = Pattern.compile("^([a-z0-9@.-]+) ([A-Za-z0-9+/]+={0,2})(\\s.*)?$");

	private final EnvironmentRepository environments;

	private final ServerRepository servers;

	private final HostKeyOffers offers;

	InventoryService(EnvironmentRepository environments, ServerRepository servers, HostKeyOffers offers) {
		this.environments = environments;
		this.servers = servers;
		this.offers = offers;
	}

	@Override
	@Transactional(readOnly = true)
	public List<EnvironmentSummary> environments() {
		return this.environments.findAllByOrderByNameAsc().stream().map(EnvironmentEntity::toSummary).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public List<ServerTarget> allServers() {
		return this.servers.findAllOrderedByEnvironmentAndName().stream().map(ServerEntity::toTarget).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<EnvironmentSummary> findEnvironment(String name) {
		return find(name).map(EnvironmentEntity::toSummary);
	}

	@Override
	@Transactional(readOnly = true)
	public List<ServerTarget> serversOf(String environment) {
		EnvironmentEntity found = find(environment)
			.orElseThrow(() -> new NotFoundException("environment", environment.replaceAll("\\p{Cntrl}", "?")));
		return this.servers.findByEnvironmentOrderByNameAsc(found).stream().map(ServerEntity::toTarget).toList();
	}

	/** Empty, without asking PostgreSQL (which cannot compare a NUL), for a name with control characters. */
	private Optional<EnvironmentEntity> find(String name) {
		return InventoryRules.hasControlCharacters(name) ? Optional.empty() : this.environments.findByName(name);
	}

	/** {@inheritDoc} Duplicate ids are returned once, at their first position. */
	@Override
	@Transactional(readOnly = true)
	public List<ServerTarget> servers(Collection<UUID> ids) {
		LinkedHashSet<UUID> wanted = new LinkedHashSet<>(ids);
		Map<UUID, ServerEntity> found = this.servers.findByIdIn(wanted)
			.stream()
			.collect(Collectors.toMap(ServerEntity::id, Function.identity()));
		List<ServerTarget> targets = new ArrayList<>(wanted.size());
		for (UUID id : wanted) {
			ServerEntity server = found.get(id);
			if (server == null) {
				throw new NotFoundException("server", id);
			}
			targets.add(server.toTarget());
		}
		return targets;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * One conditional UPDATE decides, so two runs racing to trust different first keys cannot both win.
	 * @throws IllegalArgumentException if the fingerprint is malformed or is not the fingerprint of {@code hostKey}
	 * @throws NotFoundException if there is no such server
	 */
	@Override
	@Transactional
	public boolean trustHostKey(UUID serverId, String fingerprint, String hostKey) {
		String key = normalize(hostKey);
		if (!FINGERPRINT.matcher(fingerprint).matches() || !fingerprint.equals(fingerprintOf(key))) {
			throw new IllegalArgumentException("fingerprint does not match the host key");
		}
		if (this.servers.trustHostKey(serverId, fingerprint, key, HostKeyPolicy.TRUST_ON_FIRST_USE, Instant.now()) == 1) {
			this.offers.delete(serverId);
			return true;
		}
		ServerEntity server = this.servers.findById(serverId).orElseThrow(() -> new NotFoundException("server", serverId));
		ServerTarget target = server.toTarget();
		return fingerprint.equals(target.hostKeyFingerprint()) && key.equals(target.hostKey());
	}

	@Override
	public void recordUntrustedHostKey(UUID serverId, String fingerprint, String hostKey, boolean mismatch) {
		String key = normalize(hostKey);
		if (!FINGERPRINT.matcher(fingerprint).matches() || !fingerprint.equals(fingerprintOf(key))) {
			throw new IllegalArgumentException("fingerprint does not match the host key");
		}
		this.offers.record(serverId, key.substring(0, key.indexOf(' ')), fingerprint, key,
				mismatch ? HostKeyOffer.Reason.MISMATCH : HostKeyOffer.Reason.UNKNOWN, Instant.now());
	}

	@Override
	public void hostKeyVerified(UUID serverId) {
		this.offers.delete(serverId);
	}

	/** @return {@code <type> <base64>} without a trailing comment */
	static String normalize(String hostKey) {
		var matcher = HOST_KEY.matcher(hostKey.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("host key must look like '<type> <base64>'");
		}
		return matcher.group(1) + " " + matcher.group(2);
	}

	/** @return OpenSSH's SHA-256 fingerprint of a {@code <type> <base64>} key */
	static String fingerprintOf(String hostKey) {
		byte[] blob = Base64.getDecoder().decode(hostKey.substring(hostKey.indexOf(' ') + 1));
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(blob);
			return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
