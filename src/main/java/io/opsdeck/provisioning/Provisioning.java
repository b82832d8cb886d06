package io.opsdeck.provisioning;

import java.util.UUID;

import io.opsdeck.identity.Actor;

/**
 * The provisioning module's API, for its web layer and other modules (scripts use the REST API).
 */
public interface Provisioning {

	/**
	 * Launches {@code provision.yml} on one server ({@code --limit <server name>}) with the environment's settings
	 * as extra vars and its secret credentials as secret extra vars (0600 file, masked in output), as an exclusive
	 * run of the environment. Policy: check mode anywhere; a real run on a {@code production} environment needs
	 * ADMIN.
	 * @param serverId server id
	 * @param request tags and check mode
	 * @param actor who asked
	 * @return the run's id
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 * @throws io.opsdeck.shared.InvalidInputException on {@code tags}: an unknown tag (naming the allowed ones), or a
	 * setting a chosen tag needs is not set (naming it)
	 * @throws org.springframework.security.access.AccessDeniedException for a real run on production without ADMIN
	 * @throws io.opsdeck.shared.ConflictException when another exclusive run (drill, backup, update, provision) is
	 * queued or running on the environment
	 */
	UUID provision(UUID serverId, ProvisionRequest request, Actor actor);

	/**
	 * @param serverId server id
	 * @return its last provision run, roles and per-tag changes
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 */
	ServerProvisioning provisioning(UUID serverId);

	/**
	 * @param environment environment name
	 * @return its settings; all {@code null} when never saved
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 */
	ProvisioningSettings settings(String environment);

	/**
	 * Validates and saves an environment's settings (replacing all of them).
	 * @param environment environment name
	 * @param settings new values; {@code environment}, {@code updatedAt}, {@code updatedBy} are ignored
	 * @param actor who saves
	 * @return the saved settings
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.InvalidInputException naming the field: a malformed value, or a credential that does
	 * not exist or is not a {@code secret}
	 */
	ProvisioningSettings saveSettings(String environment, ProvisioningSettings settings, Actor actor);

}
