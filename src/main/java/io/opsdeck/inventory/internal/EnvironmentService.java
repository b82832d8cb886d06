package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.opsdeck.shared.Constraints;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.PageView;
import io.opsdeck.shared.StaleVersionException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes, lists and deletes environments. An environment that still has servers cannot be deleted
 * (checked first for a clear message, enforced by the {@code servers.environment_id} foreign key).
 */
@Service
public class EnvironmentService {

	private final EnvironmentRepository environments;

	private final ServerRepository servers;

	EnvironmentService(EnvironmentRepository environments, ServerRepository servers) {
		this.environments = environments;
		this.servers = servers;
	}

	/**
	 * @param page zero-based page
	 * @param size page size
	 * @return environments ordered by name, with server counts
	 */
	@Transactional(readOnly = true)
	public PageView<EnvironmentDetails> list(int page, int size) {
		return list(null, page, size);
	}

	/**
	 * @param scope the only environment names to list (a scoped API token's, {@code EnvironmentAccess.listScope}),
	 * or {@code null} for every environment
	 * @param page zero-based page
	 * @param size page size
	 * @return environments ordered by name, with server counts
	 */
	@Transactional(readOnly = true)
	public PageView<EnvironmentDetails> list(@Nullable Collection<String> scope, int page, int size) {
		Map<java.util.UUID, Long> counts = serverCounts();
		PageRequest pageable = PageRequest.of(page, size, Sort.by("name"));
		return PageView.of((scope == null) ? this.environments.findAll(pageable)
				: this.environments.findByNameIn(scope, pageable), e -> e.toDetails(counts.getOrDefault(e.id(), 0L)));
	}

	/** @return every environment ordered by name, e.g. for a select box */
	@Transactional(readOnly = true)
	public List<EnvironmentDetails> all() {
		Map<java.util.UUID, Long> counts = serverCounts();
		return this.environments.findAllByOrderByNameAsc()
			.stream()
			.map(e -> e.toDetails(counts.getOrDefault(e.id(), 0L)))
			.toList();
	}

	/**
	 * @param name environment name
	 * @return the environment
	 * @throws NotFoundException if it does not exist
	 */
	@Transactional(readOnly = true)
	public EnvironmentDetails get(String name) {
		EnvironmentEntity environment = require(name);
		return environment.toDetails(this.servers.countByEnvironment(environment));
	}

	/**
	 * @param spec the new environment
	 * @return it as stored
	 * @throws InvalidInputException on {@code name} for a name Ansible reserves ({@link AnsibleNames}), on
	 * {@code description} for control characters
	 * @throws ConflictException if the name is taken
	 */
	@Transactional
	public EnvironmentDetails create(EnvironmentSpec spec) {
		check(spec);
		if (this.environments.existsByName(spec.name())) {
			throw duplicate(spec.name());
		}
		try {
			return this.environments.saveAndFlush(new EnvironmentEntity(spec, Instant.now())).toDetails(0);
		}
		catch (DataIntegrityViolationException ex) {
			if (Constraints.violated(ex, Constraints.UNIQUE, "environments_name_key")) {
				throw duplicate(spec.name());
			}
			throw ex;
		}
	}

	/**
	 * Changes kind, provider, region and description. Environments are not renamed: runs and schedules refer to
	 * them by name.
	 * @param name the environment to change
	 * @param spec its new values; {@code spec.name()} must equal {@code name}
	 * @param expected the version the change is based on ({@code If-Match}, a form's hidden field), or
	 * {@link ExpectedVersion#any()}
	 * @return it as stored, with its new version
	 * @throws NotFoundException if it does not exist
	 * @throws StaleVersionException when it is no longer at {@code expected} (also when a change commits between
	 * this check and the write); nothing is written
	 * @throws InvalidInputException on {@code name} for an attempted rename, on {@code description} for control
	 * characters
	 * @throws ConflictException if it was changed concurrently and no version was expected
	 */
	@Transactional
	public EnvironmentDetails update(String name, EnvironmentSpec spec, ExpectedVersion expected) {
		EnvironmentEntity environment = require(name);
		expected.check(environment.version(), () -> stale(name, environment.version()));
		if (!name.equals(spec.name())) {
			throw new InvalidInputException("name", "environments cannot be renamed; create a new one instead");
		}
		checkDescription(spec);
		environment.apply(spec, Instant.now());
		try {
			this.environments.saveAndFlush(environment);
		}
		catch (OptimisticLockingFailureException ex) {
			throw expected.lostRace(stale(name, null),
					new ConflictException("environment '" + name + "' was changed meanwhile; reload and try again"));
		}
		return environment.toDetails(this.servers.countByEnvironment(environment));
	}

	private static StaleVersionException stale(String name, @Nullable Long current) {
		return new StaleVersionException("environment", name, current, null);
	}

	/**
	 * @param name the environment to delete
	 * @throws NotFoundException if it does not exist
	 * @throws ConflictException while it has servers
	 */
	public void delete(String name) {
		EnvironmentEntity environment = require(name);
		long count = this.servers.countByEnvironment(environment);
		if (count > 0) {
			throw hasServers(name, count);
		}
		try {
			this.environments.deleteNow(environment.id());
		}
		catch (DataIntegrityViolationException ex) {
			if (Constraints.violated(ex, Constraints.FOREIGN_KEY, "servers_environment_fk")) {
				throw hasServers(name, this.servers.countByEnvironment(environment));
			}
			throw ex;
		}
	}

	/**
	 * @throws NotFoundException also for a name no environment can have (control characters, which PostgreSQL
	 * cannot even compare), without asking the database
	 */
	EnvironmentEntity require(String name) {
		if (InventoryRules.hasControlCharacters(name)) {
			throw new NotFoundException("environment", name.replaceAll("\\p{Cntrl}", "?"));
		}
		return this.environments.findByName(name).orElseThrow(() -> new NotFoundException("environment", name));
	}

	private static void check(EnvironmentSpec spec) {
		if (AnsibleNames.isReserved(spec.name())) {
			throw new InvalidInputException("name", AnsibleNames.reservedMessage("environment", spec.name()));
		}
		checkDescription(spec);
	}

	private static void checkDescription(EnvironmentSpec spec) {
		if (InventoryRules.hasControlCharacters(spec.description())) {
			throw new InvalidInputException("description", InventoryRules.NO_CONTROL_CHARACTERS_MESSAGE);
		}
	}

	private Map<java.util.UUID, Long> serverCounts() {
		return this.servers.countPerEnvironment()
			.stream()
			.collect(Collectors.toMap(ServerRepository.EnvironmentCount::getEnvironmentId,
					ServerRepository.EnvironmentCount::getServers));
	}

	private static ConflictException duplicate(String name) {
		return new ConflictException("an environment named '" + name + "' already exists");
	}

	private static ConflictException hasServers(String name, long count) {
		String servers = (count == 1) ? "1 server" : (count > 1) ? count + " servers" : "servers";
		return new ConflictException("environment '" + name + "' still has " + servers
				+ "; delete or move them first");
	}

}
