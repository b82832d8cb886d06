package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A server's known-hosts entry and the untrusted key it last offered (issue 7, "Host keys": a changed host key stops
 * every run to the server with a clear warning until an admin accepts the new fingerprint). Read by everyone who
 * may view the server; accepting, replacing and clearing are for admins of its environment (checked by the web
 * layer's {@code @RequiresEnvironmentRole}).
 */
@Service
public class HostKeyService {

	private static final Pattern FINGERPRINT = Pattern.compile(InventoryRules.FINGERPRINT);

	private final ServerRepository servers;

	private final HostKeyOffers offers;

	HostKeyService(ServerRepository servers, HostKeyOffers offers) {
		this.servers = servers;
		this.offers = offers;
	}

	/** @throws NotFoundException for an unknown server */
	@Transactional(readOnly = true)
	public HostKeyStatus status(UUID serverId) {
		return status(server(serverId));
	}

	/** @return the warning per server that has an untrusted offer, for lists */
	@Transactional(readOnly = true)
	public Map<UUID, String> warnings() {
		return this.offers.findAll()
			.stream()
			.flatMap(offer -> this.servers.findById(offer.serverId())
				.map(server -> Map.entry(offer.serverId(), warning(server.name(), offer)))
				.stream())
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/**
	 * Trusts the key the server offered: it becomes the server's fingerprint and known-hosts key.
	 * @param fingerprint must be the recorded offer's, so the admin accepts what they checked
	 * @throws InvalidInputException on {@code fingerprint} when it is not {@code SHA256:} and 43 base64 characters
	 * @throws ConflictException when the server offered no untrusted key, or another one
	 */
	@Transactional
	public HostKeyStatus accept(UUID serverId, @Nullable String fingerprint) {
		String checked = fingerprint(fingerprint, "fingerprint");
		ServerEntity server = server(serverId);
		HostKeyOffer offer = this.offers.find(serverId)
			.orElseThrow(() -> new ConflictException(
					"server '" + server.name() + "' has offered no untrusted host key; nothing to accept"));
		if (!offer.fingerprint().equals(checked)) {
			throw new ConflictException("server '" + server.name() + "' offered " + offer.fingerprint() + ", not "
					+ checked + "; check the fingerprint on the server and accept the one it offered");
		}
		server.trustHostKey(offer.fingerprint(), offer.hostKey(), Instant.now());
		this.servers.saveAndFlush(server);
		this.offers.delete(serverId);
		return status(server);
	}

	/**
	 * Replaces the trusted key by hand.
	 * @param fingerprint {@code SHA256:<base64>}
	 * @param hostKey optional {@code <type> <base64>} whose fingerprint must be {@code fingerprint}; without it the
	 * next connection that sees a key with this fingerprint records the key
	 * @throws InvalidInputException on {@code fingerprint} or {@code hostKey}
	 */
	@Transactional
	public HostKeyStatus replace(UUID serverId, @Nullable String fingerprint, @Nullable String hostKey) {
		String checked = fingerprint(fingerprint, "fingerprint");
		String key = null;
		if (hostKey != null && !hostKey.isBlank()) {
			try {
				key = InventoryService.normalize(hostKey);
				if (!checked.equals(InventoryService.fingerprintOf(key))) {
					throw new InvalidInputException("hostKey", "the fingerprint of this key is "
							+ InventoryService.fingerprintOf(key) + ", not " + checked);
				}
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidInputException("hostKey", "must be '<type> <base64>' as in known_hosts or a .pub file");
			}
		}
		ServerEntity server = server(serverId);
		server.trustHostKey(checked, key, Instant.now());
		this.servers.saveAndFlush(server);
		this.offers.find(serverId)
			.filter(offer -> offer.fingerprint().equals(checked))
			.ifPresent(offer -> this.offers.delete(serverId));
		return status(server);
	}

	/** Forgets the trusted key (strict servers then refuse every key until one is accepted). */
	@Transactional
	public HostKeyStatus clear(UUID serverId) {
		ServerEntity server = server(serverId);
		server.clearHostKey(Instant.now());
		this.servers.saveAndFlush(server);
		return status(server);
	}

	private HostKeyStatus status(ServerEntity entity) {
		ServerTarget server = entity.toTarget();
		HostKeyOffer offer = this.offers.find(server.id()).orElse(null);
		String knownHosts = (server.hostKey() != null) ? knownHostsName(server) + " " + server.hostKey() : null;
		return new HostKeyStatus(server.id(), server.name(), server.environment(), server.connection() == Connection.LOCAL,
				server.hostKeyPolicy().value(), server.hostKeyFingerprint(), server.hostKey(), knownHosts, offer,
				(offer != null) ? warning(server.name(), offer) : null,
				Actors.find().map(actor -> actor.can(Role.ADMIN, server.environment())).orElse(false));
	}

	static String warning(String server, HostKeyOffer offer) {
		return switch (offer.reason()) {
			case MISMATCH -> "The host key of " + server + " changed: offered " + offer.fingerprint()
					+ "; every run to it fails until an admin accepts it.";
			case UNKNOWN -> server + " offered the host key " + offer.fingerprint()
					+ ", which Opsdeck does not trust yet; every run to it fails until an admin accepts it.";
		};
	}

	private static String knownHostsName(ServerTarget server) {
		return (server.port() == 22) ? server.host() : "[" + server.host() + "]:" + server.port();
	}

	private static String fingerprint(@Nullable String value, String field) {
		if (value == null || !FINGERPRINT.matcher(value).matches()) {
			throw new InvalidInputException(field, "must be SHA256: followed by 43 base64 characters, as ssh-keygen -lf"
					+ " prints it");
		}
		return value;
	}

	private ServerEntity server(UUID id) {
		return this.servers.findById(id).orElseThrow(() -> new NotFoundException("server", id));
	}

	/**
	 * What {@code GET /api/v1/servers/{id}/host-key} shows.
	 *
	 * @param serverId server id
	 * @param server server name
	 * @param environment its environment
	 * @param local whether it is the local connection (no SSH, no host key)
	 * @param policy {@code strict} or {@code trust-on-first-use}
	 * @param fingerprint trusted fingerprint, or {@code null}
	 * @param hostKey trusted key ({@code <type> <base64>}) once a connection has seen it, or {@code null}
	 * @param knownHosts the {@code known_hosts} line Opsdeck writes for Ansible, or {@code null}
	 * @param offered the untrusted key the server last offered, or {@code null}
	 * @param warning what the server page shows about it, or {@code null}
	 * @param canManage whether the caller is an ADMIN of the environment (may accept, replace, clear)
	 */
	public record HostKeyStatus(UUID serverId, String server, String environment, boolean local, String policy,
			@Nullable String fingerprint, @Nullable String hostKey, @Nullable String knownHosts,
			@Nullable HostKeyOffer offered, @Nullable String warning, boolean canManage) {
	}

}
