package io.opsdeck.credentials.internal;

import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/** The rules for a {@code secret} credential's value. */
final class SecretValues {

	/** Shortest value: run output masks every occurrence, so a short value would hide ordinary words. */
	static final int MIN_LENGTH = 8;

	static final int MAX_LENGTH = 4096;

	private SecretValues() {
	}

	/**
	 * @param value the secret
	 * @throws InvalidInputException on {@code value} if it is missing, shorter than {@value #MIN_LENGTH} or longer
	 * than {@value #MAX_LENGTH} characters, or has control characters (line breaks, tabs): one line, as masking
	 * works line by line. The message never contains the value.
	 */
	static void check(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			throw new InvalidInputException("value", "enter the secret value (a password or an API token)");
		}
		if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
			throw new InvalidInputException("value", "a secret is " + MIN_LENGTH + " to " + MAX_LENGTH
					+ " characters (shorter values cannot be masked in run output safely)");
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException("value", "a secret is one line without control characters (tabs, line"
					+ " breaks): run output is masked line by line");
		}
	}

}
