package io.opsdeck.credentials.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.opsdeck.credentials.SealedColumn;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every encrypted value in the database, read with plain SQL: the credentials ({@code credentials.secret} and
 * {@code passphrase_secret}, whose master key id is the {@code key_id} column) and the columns other modules declared
 * as {@link SealedColumn}s (the key id is embedded in each value, see {@link SecretCipher}). Counts values per key id
 * for the start-up check and the rotation progress, and reads and replaces them in batches for the rotation.
 */
final class EncryptedValues {

	/** Name under which the credentials appear in counts. */
	static final String CREDENTIALS = "credentials";

	private final JdbcClient jdbc;

	private final List<SealedColumn> columns;

	EncryptedValues(JdbcClient jdbc, List<SealedColumn> columns) {
		this.jdbc = jdbc;
		this.columns = List.copyOf(columns);
	}

	List<SealedColumn> columns() {
		return this.columns;
	}

	/**
	 * @return per place ({@value #CREDENTIALS} or {@code table.column}), the number of values per master key id;
	 * {@link MasterKeyLoader#UNKNOWN_KEY_ID} counts sealed values made before key ids were embedded
	 */
	Map<String, Map<String, Long>> countByKeyId() {
		Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
		counts.put(CREDENTIALS, count("select key_id as k, count(*) as n from credentials group by key_id"));
		for (SealedColumn column : this.columns) {
			String c = column.column();
			counts.put(column.qualifiedName(),
					count("select " + keyIdExpression(c) + " as k, count(*) as n from " + column.table() + " where " + c
							+ " is not null group by 1"));
		}
		return counts;
	}

	/** @return every key id some stored value is encrypted with */
	Set<String> storedKeyIds() {
		Set<String> ids = new TreeSet<>();
		countByKeyId().values().forEach(counts -> ids.addAll(counts.keySet()));
		return ids;
	}

	private Map<String, Long> count(String sql) {
		Map<String, Long> counts = new TreeMap<>();
		this.jdbc.sql(sql).query((rs, row) -> counts.put(rs.getString("k"), rs.getLong("n"))).list();
		return counts;
	}

	private static String keyIdExpression(String c) {
		return "(case when length(" + c + ") < 5 then '" + MasterKeyLoader.UNKNOWN_KEY_ID + "' when get_byte(" + c
				+ ", 0) = " + SecretCipher.VERSION + " then encode(substring(" + c + " from 2 for 4), 'hex') else '"
				+ MasterKeyLoader.UNKNOWN_KEY_ID + "' end)";
	}

	/** One credential row as the rotation reads it. */
	record CredentialRow(UUID id, byte[] secret, byte @Nullable [] passphrase, String keyId) {
	}

	/** @return up to {@code limit} credentials not under {@code currentKeyId}, with ids after {@code after} */
	List<CredentialRow> credentialsNotUnder(String currentKeyId, UUID after, int limit) {
		return this.jdbc
			.sql("select id, secret, passphrase_secret, key_id from credentials where key_id <> ? and id > ?"
					+ " order by id limit ?")
			.params(currentKeyId, after, limit)
			.query((rs, row) -> new CredentialRow(rs.getObject("id", UUID.class), rs.getBytes("secret"),
					rs.getBytes("passphrase_secret"), rs.getString("key_id")))
			.list();
	}

	/**
	 * Replaces a credential's values only if they are still the ones read (optimistic: every encryption has a fresh
	 * nonce, so the old ciphertext is a version of its own).
	 * @return whether the row was changed
	 */
	boolean replaceCredential(CredentialRow old, byte[] secret, byte @Nullable [] passphrase, String keyId) {
		return this.jdbc
			.sql("update credentials set secret = ?, passphrase_secret = ?, key_id = ? where id = ? and key_id = ?"
					+ " and secret = ?")
			.params(secret, passphrase, keyId, old.id(), old.keyId(), old.secret())
			.update() == 1;
	}

	/** One sealed value as the rotation reads it. */
	record SealedRow(UUID id, String context, byte[] value) {
	}

	/** @return up to {@code limit} values of the column not under {@code currentKeyId}, with ids after {@code after} */
	List<SealedRow> sealedNotUnder(SealedColumn column, String currentKeyId, UUID after, int limit) {
		String c = column.column();
		return this.jdbc
			.sql("select " + column.idColumn() + " as id, " + column.contextColumn() + "::text as ctx, " + c
					+ " as v from " + column.table() + " where " + c + " is not null and " + keyIdExpression(c)
					+ " <> ? and " + column.idColumn() + " > ? order by " + column.idColumn() + " limit ?")
			.params(currentKeyId, after, limit)
			.query((rs, row) -> new SealedRow(rs.getObject("id", UUID.class),
					column.contextPrefix() + rs.getString("ctx"), rs.getBytes("v")))
			.list();
	}

	/** Replaces a sealed value only if it is still the one read. @return whether the row was changed */
	boolean replaceSealed(SealedColumn column, SealedRow old, byte[] value) {
		return this.jdbc
			.sql("update " + column.table() + " set " + column.column() + " = ? where " + column.idColumn() + " = ? and "
					+ column.column() + " = ?")
			.params(value, old.id(), old.value())
			.update() == 1;
	}

	/** @return up to {@code limit} sealed values whose key id is not embedded (made before key ids were) */
	List<SealedRow> legacySealed(SealedColumn column, int limit) {
		String c = column.column();
		return this.jdbc
			.sql("select " + column.idColumn() + " as id, " + column.contextColumn() + "::text as ctx, " + c
					+ " as v from " + column.table() + " where " + c + " is not null and " + keyIdExpression(c)
					+ " = ? limit ?")
			.params(MasterKeyLoader.UNKNOWN_KEY_ID, limit)
			.query((rs, row) -> new SealedRow(rs.getObject("id", UUID.class),
					column.contextPrefix() + rs.getString("ctx"), rs.getBytes("v")))
			.list();
	}

}
