package io.opsdeck.provisioning.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.identity.Actor;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.provisioning.ProvisioningSettings;
import io.opsdeck.shared.Constraints;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and saves provisioning settings, and turns their secret references into values for one run.
 */
@Service
class SettingsService {

	private static final Logger log = LoggerFactory.getLogger(SettingsService.class);

	private final Inventory inventory;

	private final Credentials credentials;

	private final SettingsStore store;

	SettingsService(Inventory inventory, Credentials credentials, SettingsStore store) {
		this.inventory = inventory;
		this.credentials = credentials;
		this.store = store;
	}

	/** @throws NotFoundException when the environment does not exist */
	@Transactional(readOnly = true)
	ProvisioningSettings settings(String environment) {
		EnvironmentSummary found = environment(environment);
		return store.find(found.id(), found.name()).orElseGet(() -> ProvisioningSettings.empty(found.name()));
	}

	/**
	 * @throws NotFoundException when the environment does not exist
	 * @throws InvalidInputException naming a malformed field or a credential that is missing or not a secret
	 */
	@Transactional
	ProvisioningSettings save(String environment, ProvisioningSettings values, Actor actor) {
		EnvironmentSummary found = environment(environment);
		ProvisioningSettings checked = SettingsRules.check(found.name(), values);
		requireSecret("dbPasswordCredentialId", checked.dbPasswordCredentialId());
		requireSecret("djangoAdminPasswordCredentialId", checked.djangoAdminPasswordCredentialId());
		try {
			store.save(found.id(), checked, actor.display(), Instant.now());
		}
		catch (DataIntegrityViolationException ex) {
			if (Constraints.violated(ex, Constraints.FOREIGN_KEY, "provisioning_settings_environment_fk")) {
				throw new NotFoundException("environment", environment);
			}
			if (Constraints.violated(ex, Constraints.FOREIGN_KEY, "provisioning_settings_db_password_fk")) {
				throw new InvalidInputException("dbPasswordCredentialId", "the chosen credential no longer exists");
			}
			if (Constraints.violated(ex, Constraints.FOREIGN_KEY, "provisioning_settings_admin_password_fk")) {
				throw new InvalidInputException("djangoAdminPasswordCredentialId",
						"the chosen credential no longer exists");
			}
			throw ex;
		}
		log.info("Provisioning settings of environment '{}' saved by {}", found.name(), actor.display());
		return store.find(found.id(), found.name()).orElseThrow();
	}

	/**
	 * @return {@code db_password} and {@code django_admin_password} for the settings that name a secret; the values
	 * go only into a run's {@code secretExtraVars}
	 * @throws InvalidInputException when a referenced credential is no longer a usable secret
	 */
	Map<String, String> secretVars(ProvisioningSettings settings) {
		Map<String, String> vars = new LinkedHashMap<>();
		if (settings.dbPasswordCredentialId() != null) {
			vars.put("db_password", reveal("dbPasswordCredentialId", settings.dbPasswordCredentialId()));
		}
		if (settings.djangoAdminPasswordCredentialId() != null) {
			vars.put("django_admin_password",
					reveal("djangoAdminPasswordCredentialId", settings.djangoAdminPasswordCredentialId()));
		}
		return vars;
	}

	private String reveal(String field, UUID id) {
		try {
			return credentials.revealSecret(id);
		}
		catch (NotFoundException ex) {
			throw new InvalidInputException(field, "the secret credential " + id + " no longer exists");
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException(field, ex.getMessage());
		}
	}

	private void requireSecret(String field, @Nullable UUID id) {
		if (id == null) {
			return;
		}
		CredentialSummary credential = credentials.find(id)
			.orElseThrow(() -> new InvalidInputException(field, "no credential with id " + id));
		if (!credential.isSecret()) {
			throw new InvalidInputException(field, "credential '" + credential.name() + "' is an " + credential.type()
					+ ", not a secret: choose a credential of type 'secret' (Credentials → Add secret)");
		}
	}

	private EnvironmentSummary environment(String name) {
		return inventory.findEnvironment(name).orElseThrow(() -> new NotFoundException("environment", name));
	}

}
