package io.opsdeck.audit.internal;

import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write that cannot reach the database is counted in {@code opsdeck_audit_write_failures_total} and never thrown
 * at the request that caused it. The database "is" a closed port on the audit part's loopback address 127.0.0.138.
 */
class AuditWriterTests {

	@Test
	void aFailedWriteIsCountedNotThrown() {
		DriverManagerDataSource nowhere = new DriverManagerDataSource("jdbc:postgresql://127.0.0.138:1/opsdeck"
				+ "?connectTimeout=2", "opsdeck", "unused");
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		AuditWriter writer = new AuditWriter(new JdbcTemplate(nowhere), new DataSourceTransactionManager(nowhere),
				meters, "node-a");

		boolean written = writer.write(new AuditEntry(Instant.now(), "user:alice", "ADMIN", "127.0.0.1",
				"POST /api/v1/runs", null, null, AuditOutcome.SUCCESS, 202, null));

		assertThat(written).isFalse();
		assertThat(meters.get("opsdeck.audit.write.failures").counter().count()).isEqualTo(1.0);
		assertThat(writer.node()).isEqualTo("node-a");
	}

	@Test
	void textIsCutToItsColumnAndControlCharactersReplaced() {
		assertThat(AuditWriter.clip("a\r\nb\u0000c", 100)).isEqualTo("a  b c");
		assertThat(AuditWriter.clip("abcdef", 4)).isEqualTo("abc…");
		assertThat(AuditWriter.clip(null, 4)).isNull();
	}

}
