package io.opsdeck.logs.internal;

import java.util.regex.Pattern;

import io.opsdeck.shared.InvalidInputException;

/**
 * The {@code journalctl} command that shows one container's log, e.g.
 * {@code journalctl --no-pager -o short-iso -n 100 CONTAINER_NAME=django + COM_DOCKER_COMPOSE_SERVICE=django}.
 * <p>
 * Docker's journald driver writes each line with the field {@code CONTAINER_NAME} (the container's name) and one
 * field per label listed in the daemon's {@code log-opts.labels}; the provisioning contract's docker role lists
 * {@code com.docker.compose.service}, which journald stores as {@code COM_DOCKER_COMPOSE_SERVICE}. A compose
 * container is named {@code <project>-django-1}, so the service match is what finds "django" there; the two
 * matches are OR-ed ({@code +}).
 * <p>
 * The command is fixed text plus two validated values: the name matches {@link #CONTAINER} (letters, digits,
 * {@code _ . -}, as Docker allows; nothing a shell would read specially) and lines is a number. The server's login
 * shell runs it; its user needs to read the system journal (root, or a member of {@code systemd-journal} or
 * {@code adm}), otherwise journalctl says so in the output.
 */
public final class JournalCommand {

	/** Docker's rule for container names, at most 128 characters. */
	public static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

	/** Most lines one request may ask for. */
	public static final int MAX_LINES = 10_000;

	private JournalCommand() {
	}

	/**
	 * @param container container or compose service name, e.g. {@code django}
	 * @param lines how many of the newest lines, 1 to {@value #MAX_LINES}
	 * @param follow keep printing new lines ({@code -f}) until the run is cancelled or times out
	 * @return the command line
	 * @throws InvalidInputException on {@code container} or {@code lines} when they break the rules above
	 */
	public static String of(String container, int lines, boolean follow) {
		checkContainer(container);
		checkLines(lines);
		return "journalctl --no-pager -o short-iso -n " + lines + (follow ? " -f" : "") + " CONTAINER_NAME=" + container
				+ " + COM_DOCKER_COMPOSE_SERVICE=" + container;
	}

	static void checkContainer(String container) {
		if (container == null || !CONTAINER.matcher(container).matches()) {
			throw new InvalidInputException("container",
					"container must be a container or compose service name: letters, digits, '_', '.', '-' (at most 128)");
		}
	}

	static void checkLines(int lines) {
		if (lines < 1 || lines > MAX_LINES) {
			throw new InvalidInputException("lines", "lines must be from 1 to " + MAX_LINES);
		}
	}

}
