package io.opsdeck.logs.internal;

import java.util.List;
import java.util.UUID;

import io.opsdeck.execution.Runs;
import io.opsdeck.execution.SshRunRequest;
import io.opsdeck.identity.Actor;
import io.opsdeck.inventory.Inventory;

import org.springframework.stereotype.Service;

/**
 * Starts the SSH run that shows a container's log on one server ({@link JournalCommand}).
 */
@Service
public class ContainerLogService {

	/** A one-shot read is quick; it is stopped after this many seconds all the same. */
	static final int READ_TIMEOUT_SECONDS = 120;

	/** A followed log runs until it is cancelled (view-logs.sh cancels it on Ctrl-C), at most this many seconds. */
	static final int FOLLOW_TIMEOUT_SECONDS = 3600;

	private final Inventory inventory;

	private final Runs runs;

	ContainerLogService(Inventory inventory, Runs runs) {
		this.inventory = inventory;
		this.runs = runs;
	}

	/**
	 * @param serverId the server
	 * @param container container or compose service name
	 * @param lines newest lines to show, 1 to 10,000
	 * @param follow keep showing new lines until cancelled (at most an hour)
	 * @param actor who asked
	 * @return the run's id
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 * @throws io.opsdeck.shared.InvalidInputException on {@code container} or {@code lines}
	 */
	public UUID show(UUID serverId, String container, int lines, boolean follow, Actor actor) {
		String command = JournalCommand.of(container, lines, follow);
		inventory.servers(List.of(serverId));
		return runs.launch(new SshRunRequest(command, List.of(serverId), 1,
				follow ? FOLLOW_TIMEOUT_SECONDS : READ_TIMEOUT_SECONDS), actor);
	}

}
