package io.opsdeck.execution;

/**
 * A {@link RemoteReads} command could not start: the server cannot be reached, offered a host key Opsdeck does not
 * trust, or refused the credential's key. The message names the server and says what happened; it never contains a
 * secret.
 */
public class RemoteReadException extends RuntimeException {

	public RemoteReadException(String message) {
		super(message);
	}

}
