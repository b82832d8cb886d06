package io.opsdeck.cloudfirewall.internal;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.StaleVersionException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes an environment's cloud firewall settings. The cloud secret stays in the credential store: the
 * settings name a {@code secret} credential, which is read only when a plan or apply talks to the cloud.
 */
@Service
public class FirewallSettingsService {

	private static final Pattern GROUP_NAME = Pattern.compile(FirewallRules.GROUP_NAME);

	private static final Pattern ACCESS_KEY_ID = Pattern.compile(FirewallRules.ACCESS_KEY_ID);

	private static final Pattern ENDPOINT = Pattern.compile(FirewallRules.ENDPOINT);

	private final FirewallSettingsRepository repository;

	private final Inventory inventory;

	private final Credentials credentials;

	FirewallSettingsService(FirewallSettingsRepository repository, Inventory inventory, Credentials credentials) {
		this.repository = repository;
		this.inventory = inventory;
		this.credentials = credentials;
	}

	/**
	 * @param environment environment name
	 * @return its settings, or empty when none are saved
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public Optional<FirewallSettingsDetails> find(String environment) {
		EnvironmentSummary env = environment(environment);
		return repository.findById(env.id()).map(entity -> details(env, entity));
	}

	/**
	 * @param environment environment name
	 * @return its settings
	 * @throws NotFoundException when the environment does not exist or has no cloud firewall settings
	 */
	public FirewallSettingsDetails get(String environment) {
		return find(environment).orElseThrow(() -> new NotFoundException("cloud firewall", environment));
	}

	/**
	 * Creates or replaces the settings.
	 * @param environment environment name
	 * @param update the new settings
	 * @param expected the version the change is based on ({@code If-Match}, the form's hidden field), or
	 * {@link ExpectedVersion#any()}; a version (or {@code *}) when none are saved yet does not match
	 * @return them as saved, with their new version
	 * @throws NotFoundException when the environment does not exist
	 * @throws StaleVersionException when they are no longer at {@code expected}; nothing is written
	 * @throws ConflictException when they were changed concurrently and no version was expected
	 * @throws InvalidInputException naming the field: a missing or non-secret credential, an access key id missing
	 * on AWS or given on DigitalOcean, a malformed group name or endpoint
	 */
	@Transactional
	public FirewallSettingsDetails save(String environment, FirewallSettingsUpdate update, ExpectedVersion expected) {
		EnvironmentSummary env = environment(environment);
		FirewallSettingsEntity stored = repository.findById(env.id()).orElse(null);
		Long current = (stored != null) ? stored.version() : null;
		expected.check(current, () -> stale(env.name(), current));
		String groupName = blankToNull(update.groupName());
		if (groupName == null) {
			groupName = FirewallRules.defaultGroupName(env.name());
		}
		if (!GROUP_NAME.matcher(groupName).matches()) {
			throw new InvalidInputException("groupName", FirewallRules.GROUP_NAME_MESSAGE);
		}
		boolean aws = "aws".equals(env.cloudProvider());
		String accessKeyId = blankToNull(update.accessKeyId());
		if (aws && accessKeyId == null) {
			throw new InvalidInputException("accessKeyId", "enter the AWS access key id");
		}
		if (!aws && accessKeyId != null) {
			throw new InvalidInputException("accessKeyId",
					"DigitalOcean uses an API token only: leave the access key id empty");
		}
		if (accessKeyId != null && !ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
			throw new InvalidInputException("accessKeyId", "must be an AWS access key id: 16-128 upper-case letters and digits, such as AKIAIOSFODNN7EXAMPLE (the secret "
					+ "access key belongs in a secret credential)");
		}
		UUID credentialId = update.credentialId();
		String what = aws ? "the secret access key" : "the API token";
		if (credentialId == null) {
			throw new InvalidInputException("credentialId", "choose the secret credential that holds " + what);
		}
		CredentialSummary credential = credentials.find(credentialId)
			.orElseThrow(() -> new InvalidInputException("credentialId", "no credential with id " + credentialId));
		if (!credential.isSecret()) {
			throw new InvalidInputException("credentialId", "credential '" + credential.name()
					+ "' is an SSH key; choose a secret credential that holds " + what);
		}
		String endpoint = blankToNull(update.endpoint());
		if (endpoint != null && !ENDPOINT.matcher(endpoint).matches()) {
			throw new InvalidInputException("endpoint", FirewallRules.ENDPOINT_MESSAGE);
		}
		FirewallSettingsEntity entity = (stored != null) ? stored : new FirewallSettingsEntity(env.id());
		entity.update(groupName, accessKeyId, credentialId, endpoint);
		try {
			return details(env, repository.saveAndFlush(entity));
		}
		catch (OptimisticLockingFailureException ex) {
			throw expected.lostRace(stale(env.name(), null), new ConflictException("the cloud firewall settings of '"
					+ env.name() + "' were changed meanwhile; reload and try again"));
		}
	}

	private static StaleVersionException stale(String environment, @Nullable Long current) {
		return new StaleVersionException("cloud firewall settings", environment, current, null);
	}

	/**
	 * @param environment environment name
	 * @throws NotFoundException when the environment does not exist or has no settings
	 */
	@Transactional
	public void delete(String environment) {
		EnvironmentSummary env = environment(environment);
		FirewallSettingsEntity entity = repository.findById(env.id())
			.orElseThrow(() -> new NotFoundException("cloud firewall", environment));
		repository.delete(entity);
	}

	/** @return the endpoint override as a URI, or {@code null} for the provider's public API */
	static @Nullable URI endpoint(FirewallSettingsDetails settings) {
		return (settings.endpoint() != null) ? URI.create(settings.endpoint()) : null;
	}

	private EnvironmentSummary environment(String name) {
		return inventory.findEnvironment(name).orElseThrow(() -> new NotFoundException("environment", name));
	}

	private static FirewallSettingsDetails details(EnvironmentSummary env, FirewallSettingsEntity entity) {
		return new FirewallSettingsDetails(env.name(), env.cloudProvider(), env.region(), entity.groupName(),
				entity.accessKeyId(), entity.credentialId(), entity.endpoint(), entity.updatedAt(), entity.version());
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
