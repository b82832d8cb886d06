package io.opsdeck.credentials;

import java.util.regex.Pattern;

/**
 * Declares a database column that holds values sealed with {@link SecretSealer}, so that a master-key rotation
 * re-encrypts them and the start-up check counts them (docs/inventory-and-credentials.md, "Rotating the master
 * key"). A module that seals values into a column declares one bean of this type; a column that is not declared
 * would keep values under an old key, which stop opening once that key is removed.
 *
 * @param table the table, e.g. {@code runs}
 * @param idColumn its primary key column (a {@code uuid})
 * @param column the {@code bytea} column with the sealed value (may be {@code null} in rows without one)
 * @param contextPrefix the context given to {@link SecretSealer#seal(byte[], String)} is this prefix followed by
 * the text of {@code contextColumn}, e.g. {@code run:} and {@code id} for {@code run:<id>}
 * @param contextColumn the column whose value completes the context
 */
public record SealedColumn(String table, String idColumn, String column, String contextPrefix, String contextColumn) {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	public SealedColumn {
		for (String name : new String[] { table, idColumn, column, contextColumn }) {
			if (name == null || !IDENTIFIER.matcher(name).matches()) {
				throw new IllegalArgumentException("not a plain SQL identifier: " + name);
			}
		}
	}

	/** @return {@code table.column}, as progress and errors name it */
	public String qualifiedName() {
		return table + "." + column;
	}

}
