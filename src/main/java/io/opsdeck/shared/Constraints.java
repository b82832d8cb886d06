package io.opsdeck.shared;

import java.sql.SQLException;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * Reads which database constraint a write violated. Spring turns many errors into a
 * {@link DataIntegrityViolationException}, not only constraint violations (PostgreSQL's "invalid byte sequence" for
 * a NUL character is one), so a caller maps one to a 409 or a field error only when this class confirms the
 * constraint.
 */
public final class Constraints {

	/** SQL state of a unique constraint violation (PostgreSQL: {@code unique_violation}). */
	public static final String UNIQUE = "23505";

	/** SQL state of a foreign key violation (PostgreSQL: {@code foreign_key_violation}). */
	public static final String FOREIGN_KEY = "23503";

	private Constraints() {
	}

	/**
	 * @param ex what the write threw
	 * @param sqlState {@link #UNIQUE} or {@link #FOREIGN_KEY}
	 * @param constraint the constraint's name, e.g. {@code servers_name_key}
	 * @return whether the database reported exactly this kind of violation of exactly this constraint
	 */
	public static boolean violated(DataIntegrityViolationException ex, String sqlState, String constraint) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
				return sql.getMessage() != null && sql.getMessage().contains("\"" + constraint + "\"");
			}
		}
		return false;
	}

}
