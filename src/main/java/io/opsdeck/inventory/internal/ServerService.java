package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import io.opsdeck.credentials.Credentials;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.Constraints;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.PageView;
import io.opsdeck.shared.StaleVersionException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes, lists and deletes servers. What Bean Validation cannot check (the environment and credential
 * exist, an SSH server has a credential, the local connection is enabled, roles are well-formed) is checked by
 * {@link ServerChecks} first.
 * <p>
 * Authorization is the callers' job: the controllers require ADMIN for every change, which covers the rule that
 * only admins may create or change a server with the local connection.
 */
@Service
public class ServerService {

	private final ServerRepository servers;

	private final LocalConnectionProperties localConnection;

	private final ServerChecks checks;

	ServerService(ServerRepository servers, EnvironmentService environments, Credentials credentials,
			LocalConnectionProperties localConnection) {
		this.servers = servers;
		this.localConnection = localConnection;
		this.checks = new ServerChecks(servers, environments, credentials, localConnection);
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
		EnvironmentEntity filter = (environment == null || environment.isBlank()) ? null
				: this.checks.environmentNamed(environment);
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
	@Transactional
	public ServerDetails create(ServerSpec spec) {
		ServerSpec checked = this.checks.check(spec);
		EnvironmentEntity environment = this.checks.environmentNamed(checked.environment());
		requireAdminOf(environment);
		this.checks.checkAnsibleNames(checked, environment, null);
		ServerChecks.checkCloudInstanceId(checked, environment);
		if (this.servers.existsByName(checked.name())) {
			throw duplicate(checked.name());
		}
		ServerEntity server = new ServerEntity(checked, environment, Instant.now());
		return save(server, ExpectedVersion.any()).toDetails();
	}

	/**
	 * Replaces a server's settings (PUT semantics: a {@code null} fingerprint clears it). The stored host key is
	 * kept across a change of host or port and dropped when the fingerprint changes.
	 * @param id server id
	 * @param spec new values
	 * @param expected the version the change is based on ({@code If-Match}, a form's hidden field), or
	 * {@link ExpectedVersion#any()}; a host key recorded by a run raises the version too
	 * @return it as stored, with its new version
	 * @throws NotFoundException if it does not exist
	 * @throws StaleVersionException when it is no longer at {@code expected} (also when a change commits between
	 * this check and the write); nothing is written
	 * @throws InvalidInputException naming the field at fault, also for names Ansible would confuse
	 * ({@link AnsibleNames})
	 * @throws ConflictException if the new name is taken, or the server changed concurrently and no version was
	 * expected
	 */
	@Transactional
	public ServerDetails update(UUID id, ServerSpec spec, ExpectedVersion expected) {
		ServerEntity server = require(id);
		expected.check(server.version(), () -> stale(server.name(), server.version()));
		ServerSpec checked = this.checks.check(spec);
		EnvironmentEntity environment = this.checks.environmentNamed(checked.environment());
		requireAdminOf(environment);
		this.checks.checkAnsibleNames(checked, environment, id);
		ServerChecks.checkCloudInstanceId(checked, environment);
		if (this.servers.existsByNameAndIdNot(checked.name(), id)) {
			throw duplicate(checked.name());
		}
		server.apply(checked, environment, Instant.now());
		return save(server, expected).toDetails();
	}

	/**
	 * @param id server id
	 * @throws NotFoundException if it does not exist
	 */
	@Transactional
	public void delete(UUID id) {
		this.servers.delete(require(id));
	}

	private ServerEntity save(ServerEntity server, ExpectedVersion expected) {
		try {
			return this.servers.saveAndFlush(server);
		}
		catch (OptimisticLockingFailureException ex) {
			throw expected.lostRace(stale(server.name(), null), new ConflictException("server '" + server.name()
					+ "' was changed meanwhile (a run may have recorded its host key); reload and try again"));
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

	/**
	 * A server is created in, or moved to, an environment only by an ADMIN of it (the route rule checks the
	 * environment it is in now). Work without a request (demo set-up) is not checked.
	 */
	private static void requireAdminOf(EnvironmentEntity environment) {
		Actors.find().ifPresent(actor -> EnvironmentAccess.require(actor, Role.ADMIN, environment.name()));
	}

	ServerEntity require(UUID id) {
		return this.servers.findById(id).orElseThrow(() -> new NotFoundException("server", id));
	}

	private static StaleVersionException stale(String name, @Nullable Long current) {
		return new StaleVersionException("server", name, current, null);
	}

	private static ConflictException duplicate(String name) {
		return new ConflictException("a server named '" + name + "' already exists");
	}

}
