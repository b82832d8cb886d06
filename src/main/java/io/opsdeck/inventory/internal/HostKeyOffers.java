package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code server_host_key_offers} (V22): the latest host key each server offered that Opsdeck refused. */
@Repository
class HostKeyOffers {

	private final JdbcClient jdbc;

	HostKeyOffers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts the offer, or updates the server's: the same fingerprint counts another sighting, another fingerprint
	 * replaces it (first seen now).
	 */
	void record(UUID serverId, String keyType, String fingerprint, String hostKey, HostKeyOffer.Reason reason,
			Instant now) {
		this.jdbc.sql("""
				insert into server_host_key_offers
				       (server_id, key_type, fingerprint, host_key, reason, first_seen, last_seen, seen_count)
				values (?, ?, ?, ?, ?, ?, ?, 1)
				on conflict (server_id) do update
				   set key_type = excluded.key_type, host_key = excluded.host_key, reason = excluded.reason,
				       last_seen = excluded.last_seen,
				       first_seen = case when server_host_key_offers.fingerprint = excluded.fingerprint
				                         then server_host_key_offers.first_seen else excluded.first_seen end,
				       seen_count = case when server_host_key_offers.fingerprint = excluded.fingerprint
				                         then server_host_key_offers.seen_count + 1 else 1 end,
				       fingerprint = excluded.fingerprint""")
			.params(serverId, keyType, fingerprint, hostKey, reason.name(), java.sql.Timestamp.from(now),
					java.sql.Timestamp.from(now))
			.update();
	}

	Optional<HostKeyOffer> find(UUID serverId) {
		return this.jdbc.sql("select * from server_host_key_offers where server_id = ?")
			.param(serverId)
			.query(HostKeyOffers::map)
			.optional();
	}

	/** @return every offer, for the warnings on the servers list */
	List<HostKeyOffer> findAll() {
		return this.jdbc.sql("select * from server_host_key_offers").query(HostKeyOffers::map).list();
	}

	void delete(UUID serverId) {
		this.jdbc.sql("delete from server_host_key_offers where server_id = ?").param(serverId).update();
	}

	private static HostKeyOffer map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new HostKeyOffer(rs.getObject("server_id", UUID.class), rs.getString("key_type"),
				rs.getString("fingerprint"), rs.getString("host_key"), HostKeyOffer.Reason.valueOf(rs.getString("reason")),
				rs.getTimestamp("first_seen").toInstant(), rs.getTimestamp("last_seen").toInstant(),
				rs.getLong("seen_count"));
	}

}
