package io.opsdeck.backups.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.credentials.SecretSealer;
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
 * Reads and writes an environment's storage settings. The secret access key goes in and is sealed with the master
 * key; it comes out only as {@link StorageSettings} for building a client, never in {@link StorageDetails}.
 */
@Service
public class BackupStorageService {

	private final BackupStorageRepository repository;

	private final Inventory inventory;

	private final SecretSealer sealer;

	BackupStorageService(BackupStorageRepository repository, Inventory inventory, SecretSealer sealer) {
		this.repository = repository;
		this.inventory = inventory;
		this.sealer = sealer;
	}

	/**
	 * @param environment environment name
	 * @return its settings without the secret, or empty when none are saved
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public Optional<StorageDetails> find(String environment) {
		EnvironmentSummary env = environment(environment);
		return repository.findById(env.id()).map(entity -> details(env.name(), entity));
	}

	/**
	 * @param environment environment name
	 * @return its settings without the secret
	 * @throws NotFoundException when the environment does not exist or has no storage settings
	 */
	public StorageDetails get(String environment) {
		return find(environment).orElseThrow(() -> noStorage(environment));
	}

	/**
	 * Creates or replaces the settings.
	 * @param environment environment name
	 * @param update the new settings
	 * @param expected the version the change is based on ({@code If-Match}, the form's hidden field), or
	 * {@link ExpectedVersion#any()}; a version (or {@code *}) when none are saved yet does not match
	 * @return the saved settings without the secret, with their new version
	 * @throws NotFoundException when the environment does not exist
	 * @throws StaleVersionException when they are no longer at {@code expected}; nothing is written
	 * @throws ConflictException when they were changed concurrently and no version was expected
	 * @throws InvalidInputException when the provider is unknown, an s3-compatible provider has no endpoint, or the
	 * secret is missing where it is required
	 */
	@Transactional
	public StorageDetails save(String environment, StorageUpdate update, ExpectedVersion expected) {
		EnvironmentSummary env = environment(environment);
		StorageProvider provider = StorageProvider.of(update.provider())
			.orElseThrow(() -> new InvalidInputException("provider", "must be s3, spaces or s3-compatible"));
		String endpoint = StorageRules.normaliseEndpoint(provider, update.endpoint());
		boolean pathStyle = (update.pathStyle() != null) ? update.pathStyle()
				: provider == StorageProvider.S3_COMPATIBLE;
		BackupStorageEntity entity = repository.findById(env.id()).orElse(null);
		Long current = (entity != null) ? entity.getVersion() : null;
		expected.check(current, () -> stale(env.name(), current));
		String secret = blankToNull(update.secretAccessKey());
		if (secret == null) {
			if (entity == null) {
				throw new InvalidInputException("secretAccessKey", "the secret access key is required");
			}
			if (!entity.getAccessKeyId().equals(update.accessKeyId())) {
				throw new InvalidInputException("secretAccessKey",
						"enter the secret access key that belongs to the new access key id");
			}
		}
		if (entity == null) {
			entity = new BackupStorageEntity(env.id());
		}
		entity.update(provider, endpoint, update.region(), update.bucket(),
				StorageRules.normalisePrefix(update.prefix()), pathStyle, update.accessKeyId());
		if (secret != null) {
			entity.sealedSecret(sealer.seal(secret.getBytes(StandardCharsets.UTF_8),
					BackupStorageEntity.sealingContext(env.id())));
		}
		try {
			return details(env.name(), repository.saveAndFlush(entity));
		}
		catch (OptimisticLockingFailureException ex) {
			throw expected.lostRace(stale(env.name(), null), new ConflictException("the backup storage of '"
					+ env.name() + "' was changed meanwhile; reload and try again"));
		}
	}

	private static StaleVersionException stale(String environment, @Nullable Long current) {
		return new StaleVersionException("backup storage", environment, current, null);
	}

	/**
	 * @param environment environment name
	 * @throws NotFoundException when the environment does not exist or has no storage settings
	 */
	@Transactional
	public void delete(String environment) {
		EnvironmentSummary env = environment(environment);
		BackupStorageEntity entity = repository.findById(env.id())
			.orElseThrow(() -> noStorage(environment));
		repository.delete(entity);
	}

	/**
	 * @param environment environment name
	 * @return the settings with the secret, for building a client; empty when none are saved or the environment
	 * does not exist
	 */
	@Transactional(readOnly = true)
	public Optional<StorageSettings> settings(String environment) {
		return inventory.findEnvironment(environment).flatMap(env -> repository.findById(env.id())).map(this::open);
	}

	private StorageSettings open(BackupStorageEntity entity) {
		byte[] sealed = entity.getSecretAccessKeySealed();
		String secret = new String(sealer.open(sealed, BackupStorageEntity.sealingContext(entity.getEnvironmentId())),
				StandardCharsets.UTF_8);
		return new StorageSettings(entity.getProvider(), entity.getEndpoint(), entity.getRegion(), entity.getBucket(),
				entity.getPrefix(), entity.isPathStyle(), entity.getAccessKeyId(), secret);
	}

	private EnvironmentSummary environment(String name) {
		return inventory.findEnvironment(name).orElseThrow(() -> new NotFoundException("environment", name));
	}

	private static StorageDetails details(String environment, BackupStorageEntity entity) {
		StorageSettings shape = new StorageSettings(entity.getProvider(), entity.getEndpoint(), entity.getRegion(),
				entity.getBucket(), entity.getPrefix(), entity.isPathStyle(), entity.getAccessKeyId(), "");
		return new StorageDetails(environment, entity.getProvider().id(), entity.getEndpoint(),
				shape.describeEndpoint(), entity.getRegion(), entity.getBucket(), entity.getPrefix(),
				entity.isPathStyle(), entity.getAccessKeyId(), entity.getSecretAccessKeySealed() != null,
				entity.getCreatedAt(), entity.getUpdatedAt(), entity.getVersion());
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

	private static NotFoundException noStorage(String environment) {
		return new NotFoundException("backup storage", environment,
				"environment '" + environment + "' has no backup storage configured");
	}

}
