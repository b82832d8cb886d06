package io.opsdeck.execution;

import java.util.UUID;

/**
 * Reads a command's output straight from one server over SSH, outside the run engine: no run is stored, nothing is
 * queued, the bytes go to the caller as they come. For reads a user watches live and may abandon at any moment (a
 * followed container log), where a run per look would fill the run history with noise. Everything that changes a
 * server stays a run.
 * <p>
 * The connection is the run engine's: the server's credential, the host key checked against the server's pinned key
 * (trust-on-first-use recorded the same way), the same connect timeout. Only servers reached over SSH qualify; a
 * server on the local connection is refused (its reads go through a run, which checks who may use it).
 */
public interface RemoteReads {

	/**
	 * Starts the command on the server. The caller must close the result; closing it stops the remote command.
	 * @param serverId the server
	 * @param command fixed command text built from validated parts (the server's login shell runs it, as
	 * {@code ssh host 'command'} would)
	 * @return the running command
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 * @throws io.opsdeck.shared.InvalidInputException (field {@code server}) when it uses the local connection or has
	 * no credential
	 * @throws RemoteReadException when the server cannot be reached, its host key is not trusted or it refuses the
	 * key; the message is safe to show
	 */
	RemoteRead start(UUID serverId, String command);

}
