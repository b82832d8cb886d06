package io.opsdeck.identity.internal;

/**
 * A token just created, with its value. The only object that ever holds a token value after creation; do not log
 * it, do not store it.
 *
 * @param summary what is stored about the token
 * @param value the token value, to be shown once to its creator
 */
public record IssuedToken(TokenSummary summary, String value) {

	@Override
	public String toString() {
		return "IssuedToken[summary=" + summary + ", value=[PROTECTED]]";
	}

}
