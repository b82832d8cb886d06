package io.opsdeck.inventory.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;

/**
 * The checks of a server's settings that Bean Validation cannot make, for {@link ServerService}: the environment and
 * credential exist and the credential is an SSH key, an SSH server has a credential, the local connection is
 * enabled, host, port, fingerprint and roles are well-formed, the cloud instance id is of the environment's provider,
 * and no name is one Ansible would confuse ({@link AnsibleNames}). Every failure is an {@link InvalidInputException}
 * naming the field at fault.
 */
final class ServerChecks {

	private static final Pattern ROLE = Pattern.compile(InventoryRules.ROLE);

	private static final Pattern FINGERPRINT = Pattern.compile(InventoryRules.FINGERPRINT);

	private static final Pattern AWS_INSTANCE_ID = Pattern.compile(InventoryRules.AWS_INSTANCE_ID);

	private static final Pattern DROPLET_ID = Pattern.compile(InventoryRules.DROPLET_ID);

	private final ServerRepository servers;

	private final EnvironmentService environments;

	private final Credentials credentials;

	private final LocalConnectionProperties localConnection;

	ServerChecks(ServerRepository servers, EnvironmentService environments, Credentials credentials,
			LocalConnectionProperties localConnection) {
		this.servers = servers;
		this.environments = environments;
		this.credentials = credentials;
		this.localConnection = localConnection;
	}

	/**
	 * @return {@code spec} with its roles distinct and stripped and a blank cloud instance id made {@code null}
	 * @throws InvalidInputException naming the field at fault
	 */
	ServerSpec check(ServerSpec spec) {
		rejectControlCharacters("name", spec.name());
		rejectControlCharacters("host", spec.host());
		rejectControlCharacters("username", spec.username());
		rejectControlCharacters("environment", spec.environment());
		rejectControlCharacters("hostKeyFingerprint", spec.hostKeyFingerprint());
		rejectControlCharacters("cloudInstanceId", spec.cloudInstanceId());
		if (AnsibleNames.isReserved(spec.name())) {
			throw new InvalidInputException("name", AnsibleNames.reservedMessage("server", spec.name()));
		}
		if (spec.port() < 1 || spec.port() > 65535) {
			throw new InvalidInputException("port", "must be between 1 and 65535");
		}
		if (!Hosts.isValid(spec.host())) {
			throw new InvalidInputException("host", "must be an IPv4 address, an IPv6 address or a DNS host name");
		}
		if (spec.hostKeyFingerprint() != null && !FINGERPRINT.matcher(spec.hostKeyFingerprint()).matches()) {
			throw new InvalidInputException("hostKeyFingerprint", "must look like SHA256:<43 base64 characters>");
		}
		if (spec.connection() == Connection.LOCAL && !this.localConnection.enabled()) {
			throw new InvalidInputException("connection",
					"the local connection is switched off on this Opsdeck (opsdeck.local-connection.enabled=false)");
		}
		if (spec.connection() == Connection.SSH && spec.credentialId() == null) {
			throw new InvalidInputException("credentialId", "an ssh server needs a credential to log in with");
		}
		if (spec.credentialId() != null) {
			CredentialSummary credential = this.credentials.find(spec.credentialId())
				.orElseThrow(() -> new InvalidInputException("credentialId", "no credential with id " + spec.credentialId()));
			if (!credential.isSshKey()) {
				throw new InvalidInputException("credentialId", "credential '" + credential.name()
						+ "' is a " + credential.type() + ", not an SSH key: a server logs in with an SSH key");
			}
		}
		return new ServerSpec(spec.name(), spec.host(), spec.port(), spec.username(), spec.environment(),
				spec.credentialId(), spec.connection(), spec.hostKeyPolicy(), spec.hostKeyFingerprint(),
				checkRoles(spec.roles()), blankToNull(spec.cloudInstanceId()));
	}

	/**
	 * The instance id must be of the environment's provider: {@code i-} and 8 or 17 hex digits on AWS, a droplet id
	 * (digits) on DigitalOcean (cloud firewall, docs/cloud-firewall.md).
	 */
	static void checkCloudInstanceId(ServerSpec spec, EnvironmentEntity environment) {
		String id = spec.cloudInstanceId();
		if (id == null) {
			return;
		}
		boolean aws = "aws".equals(environment.toSummary().cloudProvider());
		if (aws && !AWS_INSTANCE_ID.matcher(id).matches()) {
			throw new InvalidInputException("cloudInstanceId",
					"an AWS server's instance id looks like i-0123456789abcdef0 ('i-' and 8 or 17 hex digits)");
		}
		if (!aws && !DROPLET_ID.matcher(id).matches()) {
			throw new InvalidInputException("cloudInstanceId",
					"a DigitalOcean server's instance id is its droplet id, a number such as 3164444");
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static List<String> checkRoles(@Nullable List<String> roles) {
		if (roles == null) {
			return List.of();
		}
		Set<String> seen = new HashSet<>();
		List<String> distinct = roles.stream().map(String::strip).filter(seen::add).toList();
		if (distinct.size() > InventoryRules.MAX_ROLES) {
			throw new InvalidInputException("roles", "at most " + InventoryRules.MAX_ROLES + " roles");
		}
		for (String role : distinct) {
			if (!ROLE.matcher(role).matches()) {
				throw new InvalidInputException("roles", "role '" + printable(role) + "' must be 1-32 lowercase"
						+ " letters, digits, '_' or '-', starting with a letter or digit");
			}
			if (AnsibleNames.isReserved(role)) {
				throw new InvalidInputException("roles", AnsibleNames.reservedMessage("role", role));
			}
		}
		return distinct;
	}

	/** {@link AnsibleNames#checkServer} against the other servers of {@code environment}. */
	void checkAnsibleNames(ServerSpec spec, EnvironmentEntity environment, @Nullable UUID self) {
		List<ServerTarget> others = this.servers.findByEnvironmentOrderByNameAsc(environment)
			.stream()
			.filter(other -> !other.id().equals(self))
			.map(ServerEntity::toTarget)
			.toList();
		AnsibleNames.checkServer(spec.name(), spec.roles(), environment.name(), others);
	}

	/** @throws InvalidInputException on {@code environment} when there is no environment of that name */
	EnvironmentEntity environmentNamed(String environment) {
		rejectControlCharacters("environment", environment);
		try {
			return this.environments.require(environment);
		}
		catch (NotFoundException ex) {
			throw new InvalidInputException("environment", "no environment named '" + environment + "'");
		}
	}

	private static void rejectControlCharacters(String field, @Nullable String value) {
		if (InventoryRules.hasControlCharacters(value)) {
			throw new InvalidInputException(field, InventoryRules.NO_CONTROL_CHARACTERS_MESSAGE);
		}
	}

	private static String printable(String text) {
		return text.replaceAll("\\p{Cntrl}", "?");
	}

}
