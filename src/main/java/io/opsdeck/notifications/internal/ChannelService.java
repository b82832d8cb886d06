package io.opsdeck.notifications.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.credentials.SecretSealer;
import io.opsdeck.identity.Actor;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes notification channels. A webhook secret is sealed with the master key (context
 * {@code notification-channel:<id>}) and never returned or logged; neither is a webhook URL's path.
 */
@Service
public class ChannelService {

	private static final Logger log = LoggerFactory.getLogger(ChannelService.class);

	private final ChannelRepository channels;

	private final SecretSealer sealer;

	private final Inventory inventory;

	ChannelService(ChannelRepository channels, SecretSealer sealer, Inventory inventory) {
		this.channels = channels;
		this.sealer = sealer;
		this.inventory = inventory;
	}

	/** @return every channel by name */
	@Transactional(readOnly = true)
	public List<Channel> list() {
		return channels.all();
	}

	/**
	 * @param id channel id
	 * @return the channel
	 * @throws NotFoundException when there is none
	 */
	@Transactional(readOnly = true)
	public Channel get(UUID id) {
		return channels.find(id).orElseThrow(() -> new NotFoundException("notification channel", id));
	}

	/**
	 * @param spec the channel
	 * @param actor who creates it (ADMIN)
	 * @return the stored channel
	 * @throws InvalidInputException naming the field at fault, including an environment that does not exist
	 * @throws ConflictException when the name is taken
	 */
	@Transactional
	public Channel create(ChannelSpec spec, Actor actor) {
		ChannelRules.Valid valid = validate(spec, null);
		UUID id = UUID.randomUUID();
		channels.insert(id, valid, seal(id, valid.secret()), actor.display(), Instant.now());
		log.info("Notification channel '{}' ({}, {}) created by {}", valid.name(), valid.type(), id,
				actor.display());
		return get(id);
	}

	/**
	 * Replaces a channel. An omitted {@code url} or {@code secret} keeps the stored one; {@code secret: ""} removes
	 * it.
	 * @param id channel id
	 * @param spec the channel
	 * @param actor who changes it (ADMIN)
	 * @return the stored channel
	 * @throws NotFoundException when there is none
	 * @throws InvalidInputException naming the field at fault
	 * @throws ConflictException when the name is taken by another channel
	 */
	@Transactional
	public Channel update(UUID id, ChannelSpec spec, Actor actor) {
		Channel existing = get(id);
		ChannelRules.Valid valid = validate(spec, existing);
		channels.update(id, valid, seal(id, valid.secret()), actor.display(), Instant.now());
		log.info("Notification channel '{}' ({}) updated by {}", valid.name(), id, actor.display());
		return get(id);
	}

	/**
	 * Deletes a channel with its deliveries.
	 * @param id channel id
	 * @param actor who deletes it (ADMIN)
	 * @throws NotFoundException when there is none
	 */
	@Transactional
	public void delete(UUID id, Actor actor) {
		Channel channel = get(id);
		channels.delete(id);
		log.info("Notification channel '{}' ({}) deleted by {}", channel.name(), id, actor.display());
	}

	/**
	 * @param id channel id
	 * @return the channel's webhook secret, for signing one delivery; never log or return it
	 */
	Optional<byte[]> secret(UUID id) {
		return channels.sealedSecret(id).map(sealed -> sealer.open(sealed, context(id)));
	}

	private ChannelRules.Valid validate(ChannelSpec spec, @Nullable Channel existing) {
		ChannelRules.Valid valid = ChannelRules.check(spec, existing);
		if (valid.environments() != null) {
			for (int i = 0; i < valid.environments().size(); i++) {
				String name = valid.environments().get(i);
				if (inventory.findEnvironment(name).isEmpty()) {
					throw new InvalidInputException("environments[" + i + "]", "no environment named '" + name + "'");
				}
			}
		}
		if (channels.nameTaken(valid.name(), (existing == null) ? null : existing.id())) {
			throw new ConflictException("A notification channel named '" + valid.name() + "' already exists");
		}
		return valid;
	}

	private byte @Nullable [] seal(UUID id, @Nullable String secret) {
		return (secret == null) ? null : sealer.seal(secret.getBytes(StandardCharsets.UTF_8), context(id));
	}

	private static String context(UUID id) {
		return "notification-channel:" + id;
	}

}
