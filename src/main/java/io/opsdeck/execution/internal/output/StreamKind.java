package io.opsdeck.execution.internal.output;

/**
 * Where a line of run output came from: the process's standard output or error, or Opsdeck itself ({@code SYSTEM}:
 * connection errors, host key warnings, exit statuses, the command line it started).
 */
public enum StreamKind {

	STDOUT, STDERR, SYSTEM;

	private static final StreamKind[] VALUES = values();

	static StreamKind ofOrdinal(int ordinal) {
		return VALUES[ordinal];
	}

	/** @return the API spelling: {@code stdout}, {@code stderr}, {@code system} */
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
