package io.opsdeck.drills.internal;

import java.util.Optional;
import java.util.Set;

import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
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
 * Reads and saves each environment's drill settings (how to restore it: server, database, media, start command,
 * health URL, RTO target).
 */
@Service
public class DrillSettingsService {

	/** Databases a drill cannot drop: the maintenance database it connects to, and the templates. */
	private static final Set<String> UNRESTORABLE_DATABASES = Set.of("postgres", "template0", "template1");

	private final DrillSettingsRepository settings;

	private final Inventory inventory;

	DrillSettingsService(DrillSettingsRepository settings, Inventory inventory) {
		this.settings = settings;
		this.inventory = inventory;
	}

	/**
	 * @param environment environment name
	 * @return its settings, if saved
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public Optional<DrillSettingsDetails> find(String environment) {
		EnvironmentSummary env = environment(environment);
		return settings.findById(env.id()).map(found -> details(env.name(), found));
	}

	/**
	 * Creates or replaces an environment's settings, filling defaults (mode {@code host}, user {@code postgres}, host
	 * {@code 127.0.0.1}, port 5432, compose service {@code postgres}, health timeout 300 s, RTO 1800 s, 2 restore
	 * jobs, {@code --no-owner} and {@code --no-acl}).
	 * @param environment environment name
	 * @param spec what the client sent
	 * @param expected the version the change is based on ({@code If-Match}, the form's hidden field), or
	 * {@link ExpectedVersion#any()}; a version (or {@code *}) when none are saved yet does not match
	 * @return the saved settings, with their new version
	 * @throws StaleVersionException when they are no longer at {@code expected}; nothing is written
	 * @throws ConflictException when they were changed concurrently and no version was expected
	 * @throws NotFoundException when the environment does not exist
	 * @throws InvalidInputException (field {@code server}) when the server does not exist or belongs to another
	 * environment; (field {@code mediaDir}/{@code appDir}) for a path with {@code .} or {@code ..} segments;
	 * (field {@code mediaDir}) for a media directory that is the application directory or contains it (the media
	 * swap would replace the application); (field {@code database.name}) for the maintenance database
	 * {@code postgres} or a template database, which a drill cannot drop (it connects to {@code postgres} to drop
	 * and create the database)
	 */
	@Transactional
	public DrillSettingsDetails save(String environment, DrillSettingsSpec spec, ExpectedVersion expected) {
		EnvironmentSummary env = environment(environment);
		DrillSettings entity = settings.findById(env.id()).orElse(null);
		Long current = (entity != null) ? entity.getVersion() : null;
		expected.check(current, () -> stale(env.name(), current));
		ServerTarget server = server(env.name(), spec.server());
		rejectDotSegments("mediaDir", spec.mediaDir());
		rejectDotSegments("appDir", spec.appDir());
		rejectMediaAroundApp(stripSlash(blankToNull(spec.mediaDir())), stripSlash(blankToNull(spec.appDir())));
		if (UNRESTORABLE_DATABASES.contains(spec.dbName())) {
			throw new InvalidInputException("database.name", "'" + spec.dbName()
					+ "' cannot be restored by a drill: the drill connects to 'postgres' to drop and recreate the database");
		}
		DrillSettingsValues values = new DrillSettingsValues(server.id(), spec.dbName(), or(spec.dbMode(), "host"),
				or(spec.dbUser(), "postgres"), or(spec.dbHost(), "127.0.0.1"), or(spec.dbPort(), 5432),
				or(spec.dbComposeService(), "postgres"),
				or(spec.dbComposeFile(), "compose.prod.yml"), blankToNull(spec.dbBecomeUser()),
				stripSlash(blankToNull(spec.mediaDir())), stripSlash(blankToNull(spec.appDir())),
				blankToNull(spec.startCommand()), blankToNull(spec.healthUrl()), or(spec.healthTimeoutSeconds(), 300),
				or(spec.rtoTargetSeconds(), DrillSettingsValues.DEFAULT_RTO_SECONDS), or(spec.restoreJobs(), 2),
				or(spec.restoreNoOwner(), true), or(spec.restoreNoAcl(), true));
		DrillSettings stored = (entity != null) ? entity : new DrillSettings(env.id());
		stored.update(values);
		try {
			return details(env.name(), settings.saveAndFlush(stored));
		}
		catch (OptimisticLockingFailureException ex) {
			throw expected.lostRace(stale(env.name(), null), new ConflictException("the drill settings of '"
					+ env.name() + "' were changed meanwhile; reload and try again"));
		}
	}

	private static StaleVersionException stale(String environment, @Nullable Long current) {
		return new StaleVersionException("drill settings", environment, current, null);
	}

	/**
	 * @param environment environment name
	 * @return whether there were settings to delete
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional
	public boolean delete(String environment) {
		EnvironmentSummary env = environment(environment);
		if (!settings.existsById(env.id())) {
			return false;
		}
		settings.deleteById(env.id());
		return true;
	}

	private DrillSettingsDetails details(String environment, DrillSettings entity) {
		DrillSettingsValues values = entity.values();
		String serverName = null;
		if (values.serverId() != null) {
			serverName = inventory.serversOf(environment)
				.stream()
				.filter(s -> s.id().equals(values.serverId()))
				.map(ServerTarget::name)
				.findFirst()
				.orElse(null);
		}
		return new DrillSettingsDetails(environment, serverName, values, entity.getUpdatedAt(), entity.getVersion());
	}

	private EnvironmentSummary environment(String name) {
		return inventory.findEnvironment(name).orElseThrow(() -> new NotFoundException("environment", name));
	}

	private ServerTarget server(String environment, String idOrName) {
		return inventory.serversOf(environment)
			.stream()
			.filter(s -> s.name().equals(idOrName) || s.id().toString().equalsIgnoreCase(idOrName))
			.findFirst()
			.orElseThrow(() -> new InvalidInputException("server",
					"server '" + idOrName + "' is not a server of environment '" + environment + "'"));
	}

	private static void rejectMediaAroundApp(String mediaDir, String appDir) {
		if (mediaDir != null && appDir != null && (appDir.equals(mediaDir) || appDir.startsWith(mediaDir + "/"))) {
			throw new InvalidInputException("mediaDir",
					"must not be the application directory or contain it: restoring the media replaces this directory");
		}
	}

	private static void rejectDotSegments(String field, String path) {
		if (path != null && DrillSettingsRules.hasDotSegment(path)) {
			throw new InvalidInputException(field, "must not contain '.' or '..' segments");
		}
	}

	private static String stripSlash(String path) {
		return (path != null && path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static <T> T or(T value, T fallback) {
		if (value instanceof String text && text.isBlank()) {
			return fallback;
		}
		return (value != null) ? value : fallback;
	}

}
