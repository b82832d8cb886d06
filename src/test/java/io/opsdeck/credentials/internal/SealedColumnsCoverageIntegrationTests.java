package io.opsdeck.credentials.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.opsdeck.credentials.SealedColumn;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code bytea} column of the schema is either a declared {@link SealedColumn}, a credential column, or known
 * not to hold secrets. A module that starts sealing values into a new column without declaring it would keep them
 * under the old master key after a rotation, and they would stop opening once that key is removed.
 */
@IntegrationTest
class SealedColumnsCoverageIntegrationTests {

	/**
	 * bytea columns that hold no sealed value: run output chunks (masked), Quartz's serialized job data, stored
	 * answers to Idempotency-Key requests (API responses, which never hold a secret: NoSecretAnywhereIntegrationTests).
	 */
	private static final Set<String> NOT_SECRET = Set.of("run_output_chunks.data", "qrtz_job_details.job_data",
			"qrtz_triggers.job_data", "qrtz_blob_triggers.blob_data", "qrtz_calendars.calendar",
			"idempotency_keys.body");

	@Autowired
	EncryptedValues values;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void everyByteaColumnIsDeclaredAsSealedOrKnownNotToBeSecret() {
		List<String> columns = this.jdbc.queryForList("""
				select lower(table_name) || '.' || lower(column_name) from information_schema.columns
				 where table_schema = current_schema() and data_type = 'bytea'
				   and lower(table_name) <> 'flyway_schema_history'""", String.class);
		Set<String> known = new HashSet<>(NOT_SECRET);
		known.addAll(Set.of("credentials.secret", "credentials.passphrase_secret"));
		this.values.columns().forEach(column -> known.add(column.qualifiedName()));

		assertThat(columns).as("bytea columns: declare a SealedColumn bean for a column of sealed values (see "
				+ "docs/design/trust-contract.md), or list it in NOT_SECRET here").allMatch(known::contains);
		assertThat(this.values.columns()).extracting(SealedColumn::qualifiedName)
			.contains("runs.secret_parameters", "notification_channels.secret",
					"backup_storage.secret_access_key_sealed");
	}

}
