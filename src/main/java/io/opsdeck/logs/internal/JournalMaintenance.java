package io.opsdeck.logs.internal;

import java.util.List;
import java.util.UUID;

import io.opsdeck.execution.Runs;
import io.opsdeck.execution.SshRunRequest;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.InvalidInputException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * The two clean-ups of the seed's troubleshooting section for "high disk usage": vacuum the journal
 * ({@code journalctl --vacuum-time=Nd}) and prune unused Docker images ({@code docker image prune -f}). Both change
 * the server, so both are SSH runs, kept in run history with who started them. OPERATOR may run them on development
 * and staging servers; a production server needs ADMIN, as every other change there.
 */
@Service
public class JournalMaintenance {

	/** Longest a clean-up may take, in seconds. */
	static final int TIMEOUT_SECONDS = 600;

	/** Most days a vacuum may keep: ten years. */
	public static final int MAX_DAYS = 3650;

	/**
	 * Vacuuming needs root: as root directly, otherwise through {@code sudo -n} (never prompts; fails with sudo's
	 * message when the user may not).
	 */
	static String vacuumCommand(int days) {
		String journalctl = "journalctl --vacuum-time=" + days + "d";
		return "if [ \"$(id -u)\" = 0 ]; then " + journalctl + "; else sudo -n " + journalctl + "; fi";
	}

	/** Docker's own command; the login user needs to be root or in the docker group (the seed's deploy user is). */
	static final String PRUNE_COMMAND = "docker image prune -f";

	private final Inventory inventory;

	private final Runs runs;

	JournalMaintenance(Inventory inventory, Runs runs) {
		this.inventory = inventory;
		this.runs = runs;
	}

	/**
	 * @param serverId the server
	 * @param olderThanDays delete archived journal files whose entries are all older than this, 1 to 3650 days
	 * @param actor who asks
	 * @return the run's id
	 * @throws InvalidInputException (field {@code olderThanDays}) out of range
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 * @throws AccessDeniedException on a production server without ADMIN
	 */
	public UUID vacuum(UUID serverId, int olderThanDays, Actor actor) {
		if (olderThanDays < 1 || olderThanDays > MAX_DAYS) {
			throw new InvalidInputException("olderThanDays", "olderThanDays must be from 1 to " + MAX_DAYS);
		}
		check(serverId, actor, "vacuum the journal");
		return runs.launch(new SshRunRequest(vacuumCommand(olderThanDays), List.of(serverId), 1, TIMEOUT_SECONDS),
				actor);
	}

	/**
	 * @param serverId the server
	 * @param actor who asks
	 * @return the run's id
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 * @throws AccessDeniedException on a production server without ADMIN
	 */
	public UUID pruneImages(UUID serverId, Actor actor) {
		check(serverId, actor, "prune Docker images");
		return runs.launch(new SshRunRequest(PRUNE_COMMAND, List.of(serverId), 1, TIMEOUT_SECONDS), actor);
	}

	private void check(UUID serverId, Actor actor, String what) {
		ServerTarget server = inventory.servers(List.of(serverId)).get(0);
		String kind = inventory.findEnvironment(server.environment()).map(EnvironmentSummary::kind).orElse("");
		if ("production".equals(kind) && !actor.can(Role.ADMIN, server.environment())) {
			throw new AccessDeniedException(server.name() + " is in the production environment '"
					+ server.environment() + "': only an admin may " + what + " there");
		}
	}

}
