package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.Constraints;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.PageView;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes, lists and deletes servers. Checks what Bean Validation cannot: the environment and credential
 * exist, an SSH server has a credential, the local connection is enabled, roles are well-formed.
 * <p>
 * Authorization is the callers' job: the controllers require ADMIN for every change, which covers the rule that
 * only admins may create or change a server with the local connection.
 */
@Service
public class ServerService {

	private static final Pattern ROLE = Pattern.compile(InventoryRules.ROLE);

	private static final Pattern FINGERPRINT = Pattern.compile(InventoryRules.FINGERPRINT);

	private static final Pattern AWS_INSTANCE_ID = Pattern.compile(InventoryRules.AWS_INSTANCE_ID);

	private static final Pattern DROPLET_ID = Pattern.compile(InventoryRules.DROPLET_ID);

	private final ServerRepository servers;

	private final EnvironmentService environments;

	private final Credentials credentials;

	private final LocalConnectionProperties localConnection;

	ServerService(ServerRepository servers, EnvironmentService environments, Credentials credentials,
			LocalConnectionProperties localConnection) {
		this.servers = servers;
		this.environments = environments;
		this.credentials = credentials;
		this.localConnection = localConnection;
	}

	/** @return whether servers may use the local connection ({@code opsdeck.local-connection.enabled}) */
	public boolean localConnectionEnabled() {
		return this.localConnection.enabled();
	}

	/**
	 * @param environment environment name to filter by, or {@code null} for all
	 * @param page zero-based page
	 * @param size page size
	 * @return servers ordered by name
	 * @throws InvalidInputException on {@code environment} if that environment does not exist
	 */
	@Transactional(readOnly = true)
	public PageView<ServerDetails> list(@Nullable String environment, int page, int size) {
		return list(environment, null, null, page, size);
	}

	/**
	 * Servers matching every filter given ({@code null} or blank: no filter). The seed's scripts find a server by
	 * its address ({@code provision-server.sh <cloud> <env> <ip>}) or by its name.
	 * @param environment environment name, or {@code null}
	 * @param host address or DNS name, compared ignoring case, or {@code null}
	 * @param name server name, or {@code null}
	 * @param page zero-based page
	 * @param size page size
	 * @return servers ordered by name
	 * @throws InvalidInputException on {@code environment} if that environment does not exist
	 */
	@Transactional(readOnly = true)
	public PageView<ServerDetails> list(@Nullable String environment, @Nullable String host, @Nullable String name,
			int page, int size) {
		return list(environment, host, name, null, page, size);
	}

	/**
	 * Like {@link #list(String, String, String, int, int)}, limited to the environments a scoped API token may see
	 * (docs/security.md, "Scoped tokens"; {@code EnvironmentAccess.listScope}) in the query, so totals and pages count
	 * only those.
	 * @param scope environment names the list is limited to, or {@code null} for every environment
	 */
	@Transactional(readOnly = true)
	public PageView<ServerDetails> list(@Nullable String environment, @Nullable String host, @Nullable String name,
			@Nullable Collection<String> scope, int page, int size) {
		Pageable pageable = PageRequest.of(page, size, Sort.by("name"));
		boolean byHost = host != null && !host.isBlank();
		boolean byName = name != null && !name.isBlank();
		EnvironmentEntity filter = (environment == null || environment.isBlank()) ? null : environmentNamed(environment);
		if (scope != null) {
			return PageView.of(this.servers.findAll(ServerFilters.matching(filter, byHost ? host : null,
					byName ? name : null).and(ServerFilters.inEnvironments(scope)), pageable), ServerEntity::toDetails);
		}
		if (!byHost && !byName) {
			if (filter == null) {
				return PageView.of(this.servers.findAll(pageable), ServerEntity::toDetails);
			}
			return PageView.of(this.servers.findByEnvironment(filter, pageable), ServerEntity::toDetails);
		}
		return PageView.of(this.servers.findAll(ServerFilters.matching(filter, byHost ? host : null, byName ? name : null),
				pageable), ServerEntity::toDetails);
	}

	/**
	 * @param id server id
	 * @return the server
	 * @throws NotFoundException if it does not exist
	 */
	@Transactional(readOnly = true)
	public ServerDetails get(UUID id) {
		return require(id).toDetails();
	}

	/**
	 * @param spec the new server
	 * @return it as stored
	 * @throws InvalidInputException naming the field at fault, also for names Ansible would confuse
	 * ({@link AnsibleNames})
	 * @throws ConflictException if the name is taken
	 */
	/**
	 * A server is created in, or moved to, an environment only by an ADMIN of it (the route rule checks the
	 * environment it is in now). Work without a request (demo set-up) is not checked.
	 */
	private static void requireAdminOf(EnvironmentEntity environment) {
		Actors.find().ifPresent(actor -> EnvironmentAccess.require(actor, Role.ADMIN, environment.name()));
	}

	@Transactional
	public ServerDetails create(ServerSpec spec) {
		ServerSpec checked = check(spec);
		EnvironmentEntity environment = environmentNamed(checked.environment());
		requireAdminOf(environment);
		checkAnsibleNames(checked, environment, null);
		checkCloudInstanceId(checked, environment);
		if (this.servers.existsByName(checked.name())) {
			throw duplicate(checked.name());
		}
		ServerEntity server = new ServerEntity(checked, environment, Instant.now());
		return save(server).toDetails();
	}

	/**
	 * Replaces a server's settings (PUT semantics: a {@code null} fingerprint clears it). The stored host key is
	 * kept across a change of host or port and dropped when the fingerprint changes.
	 * @param id server id
	 * @param spec new values
	 * @return it as stored
	 * @throws NotFoundException if it does not exist
	 * @throws InvalidInputException naming the field at fault, also for names Ansible would confuse
	 * ({@link AnsibleNames})
	 * @throws ConflictException if the new name is taken or the server changed concurrently
	 */
	@Transactional
	public ServerDetails update(UUID id, ServerSpec spec) {
		ServerEntity server = require(id);
		ServerSpec checked = check(spec);
		EnvironmentEntity environment = environmentNamed(checked.environment());
		requireAdminOf(environment);
		checkAnsibleNames(checked, environment, id);
		checkCloudInstanceId(checked, environment);
		if (this.servers.existsByNameAndIdNot(checked.name(), id)) {
			throw duplicate(checked.name());
		}
		server.apply(checked, environment, Instant.now());
		return save(server).toDetails();
	}

	/**
	 * @param id server id
	 * @throws NotFoundException if it does not exist
	 */
	@Transactional
	public void delete(UUID id) {
		this.servers.delete(require(id));
	}

	private ServerEntity save(ServerEntity server) {
		try {
			return this.servers.saveAndFlush(server);
		}
		catch (OptimisticLockingFailureException ex) {
			throw new ConflictException("server '" + server.name() + "' was changed meanwhile (a run may have recorded"
					+ " its host key); reload and try again");
		}
		catch (DataIntegrityViolationException ex) {
			if (Constraints.violated(ex, Constraints.UNIQUE, "servers_name_key")) {
				throw duplicate(server.name());
			}
			if (Constraints.violated(ex, Constraints.FOREIGN_KEY, "servers_credential_fk")) {
				throw new InvalidInputException("credentialId", "the credential no longer exists");
			}
			if (Constraints.violated(ex, Constraints.FOREIGN_KEY, "servers_environment_fk")) {
				throw new InvalidInputException("environment", "the environment no longer exists");
			}
			throw ex;
		}
	}

	private ServerSpec check(ServerSpec spec) {
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
	private static void checkCloudInstanceId(ServerSpec spec, EnvironmentEntity environment) {
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
	private void checkAnsibleNames(ServerSpec spec, EnvironmentEntity environment, @Nullable UUID self) {
		List<ServerTarget> others = this.servers.findByEnvironmentOrderByNameAsc(environment)
			.stream()
			.filter(other -> !other.id().equals(self))
			.map(ServerEntity::toTarget)
			.toList();
		AnsibleNames.checkServer(spec.name(), spec.roles(), environment.name(), others);
	}

	/** @throws InvalidInputException on {@code environment} when there is no environment of that name */
	private EnvironmentEntity environmentNamed(String environment) {
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

	ServerEntity require(UUID id) {
		return this.servers.findById(id).orElseThrow(() -> new NotFoundException("server", id));
	}

	private static ConflictException duplicate(String name) {
		return new ConflictException("a server named '" + name + "' already exists");
	}

}
