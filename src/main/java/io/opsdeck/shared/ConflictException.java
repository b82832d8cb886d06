package io.opsdeck.shared;

/**
 * The request is valid on its own but clashes with the current state (a duplicate name, a resource still in use,
 * a run that already finished). Mapped to {@code 409 Conflict}.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
