package io.opsdeck.shared;

/**
 * Input that passed syntactic validation but is still unusable, named by field (an unknown environment, a private
 * key that does not parse, an extra var that shadows a connection variable). Mapped to {@code 400 Bad Request} with
 * the field in the problem detail's {@code errors} list. The message must never contain a secret.
 */
public class InvalidInputException extends RuntimeException {

	private final String field;

	/**
	 * @param field the request field at fault, as the client spelled it (e.g. {@code "extraVars.ansible_user"})
	 * @param message what is wrong, for a human
	 */
	public InvalidInputException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
