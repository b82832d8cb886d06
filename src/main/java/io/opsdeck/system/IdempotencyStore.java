package io.opsdeck.system;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The table {@code idempotency_keys} (V21): one row per (caller, key). Every statement commits on its own, so the
 * row of a request in flight is visible to every node at once; the primary key decides which of two simultaneous
 * requests is the first.
 */
class IdempotencyStore {

	private final JdbcTemplate jdbc;

	private final IdempotencyProperties properties;

	IdempotencyStore(JdbcTemplate jdbc, IdempotencyProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/** What the first request with a key did, or is doing. */
	sealed interface Claim {

		/** This request is the first: run it, then {@link #complete} or {@link #release}. */
		record First() implements Claim {
		}

		/** The first request with this key is still being answered. */
		record InFlight() implements Claim {
		}

		/** The key was first used for another method, path or body. */
		record Mismatch() implements Claim {
		}

		/** The stored answer of the first request. */
		record Replay(int status, @Nullable String location, @Nullable String contentType, byte @Nullable [] body,
				boolean bodyOmitted) implements Claim {
		}

	}

	/**
	 * Claims a key for a request, or reads what the first request with it did. An expired row, or one left in
	 * flight longer than {@code in-flight-timeout} (its node died), is dropped first.
	 * @param caller {@code user:<name>} or {@code token:<id>}
	 * @param key the {@code Idempotency-Key} value
	 * @param method HTTP method
	 * @param path path and query string
	 * @param bodySha256 hex SHA-256 of the body
	 */
	Claim claim(String caller, String key, String method, String path, String bodySha256) {
		Instant now = Instant.now();
		jdbc.update("""
				delete from idempotency_keys where caller = ? and idem_key = ?
				  and (expires_at < ? or (state = 'IN_FLIGHT' and created_at < ?))""", caller, key,
				Timestamp.from(now), Timestamp.from(now.minus(properties.inFlightTimeout())));
		int inserted = jdbc.update("""
				insert into idempotency_keys (caller, idem_key, method, path, body_sha256, state, created_at, expires_at)
				values (?, ?, ?, ?, ?, 'IN_FLIGHT', ?, ?) on conflict do nothing""", caller, key, method, path,
				bodySha256, Timestamp.from(now), Timestamp.from(now.plus(properties.ttl())));
		if (inserted == 1) {
			return new Claim.First();
		}
		List<Claim> existing = jdbc.query("""
				select method, path, body_sha256, state, status, location, content_type, body, body_omitted
				from idempotency_keys where caller = ? and idem_key = ?""", (rs, row) -> {
			if (!rs.getString("method").equals(method) || !rs.getString("path").equals(path)
					|| !rs.getString("body_sha256").equals(bodySha256)) {
				return new Claim.Mismatch();
			}
			if (rs.getString("state").equals("IN_FLIGHT")) {
				return new Claim.InFlight();
			}
			return new Claim.Replay(rs.getInt("status"), rs.getString("location"), rs.getString("content_type"),
					rs.getBytes("body"), rs.getBoolean("body_omitted"));
		}, caller, key);
		// deleted between our insert and select (its first request failed with a 5xx): the caller may retry
		return existing.isEmpty() ? new Claim.InFlight() : existing.get(0);
	}

	/** Stores the first request's answer; {@code body} {@code null} when it was too large to keep. */
	void complete(String caller, String key, int status, @Nullable String location, @Nullable String contentType,
			byte @Nullable [] body) {
		jdbc.update("""
				update idempotency_keys set state = 'DONE', status = ?, location = ?, content_type = ?, body = ?,
				  body_omitted = ? where caller = ? and idem_key = ?""", status, location, contentType, body,
				body == null, caller, key);
	}

	/** Forgets a claimed key whose request failed (5xx, or no answer): a retry runs again. */
	void release(String caller, String key) {
		jdbc.update("delete from idempotency_keys where caller = ? and idem_key = ? and state = 'IN_FLIGHT'", caller,
				key);
	}

	/** Deletes expired keys, on every node (cheap, and harmless when two nodes do it at once). */
	@Scheduled(fixedDelayString = "PT15M", initialDelayString = "PT1M")
	int purgeExpired() {
		return jdbc.update("delete from idempotency_keys where expires_at < ?", Timestamp.from(Instant.now()));
	}

}
