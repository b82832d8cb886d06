package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.PageView;

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
		Map<java.util.UUID, Long> counts = serverCounts();
		return PageView.of(this.environments.findAll(PageRequest.of(page, size, Sort.by("name"))),
				e -> e.toDetails(counts.getOrDefault(e.id(), 0L)));
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
	 * @throws ConflictException if the name is taken
	 */
	@Transactional
	public EnvironmentDetails create(EnvironmentSpec spec) {
		if (this.environments.existsByName(spec.name())) {
			throw duplicate(spec.name());
		}
		try {
			return this.environments.saveAndFlush(new EnvironmentEntity(spec, Instant.now())).toDetails(0);
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicate(spec.name());
		}
	}

	/**
	 * Changes kind, provider, region and description. Environments are not renamed: runs and schedules refer to
	 * them by name.
	 * @param name the environment to change
	 * @param spec its new values; {@code spec.name()} must equal {@code name}
	 * @return it as stored
	 * @throws NotFoundException if it does not exist
	 * @throws InvalidInputException on {@code name} for an attempted rename
	 * @throws ConflictException if it was changed concurrently
	 */
	@Transactional
	public EnvironmentDetails update(String name, EnvironmentSpec spec) {
		EnvironmentEntity environment = require(name);
		if (!name.equals(spec.name())) {
			throw new InvalidInputException("name", "environments cannot be renamed; create a new one instead");
		}
		environment.apply(spec, Instant.now());
		try {
			this.environments.saveAndFlush(environment);
		}
		catch (OptimisticLockingFailureException ex) {
			throw new ConflictException("environment '" + name + "' was changed meanwhile; reload and try again");
		}
		return environment.toDetails(this.servers.countByEnvironment(environment));
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
			throw hasServers(name, this.servers.countByEnvironment(environment));
		}
	}

	EnvironmentEntity require(String name) {
		return this.environments.findByName(name).orElseThrow(() -> new NotFoundException("environment", name));
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
