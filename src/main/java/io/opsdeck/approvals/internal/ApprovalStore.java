package io.opsdeck.approvals.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code approval_policies} and {@code approval_requests} tables. */
@Repository
class ApprovalStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	ApprovalStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<ApprovalPolicy> policy(String environment) {
		return jdbc.sql("select * from approval_policies where environment = ?")
			.param(environment)
			.query((rs, row) -> new ApprovalPolicy(rs.getString("environment"), rs.getBoolean("approval_required"),
					rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant()))
			.optional();
	}

	List<ApprovalPolicy> policies() {
		return jdbc.sql("select * from approval_policies order by environment")
			.query((rs, row) -> new ApprovalPolicy(rs.getString("environment"), rs.getBoolean("approval_required"),
					rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant()))
			.list();
	}

	void savePolicy(String environment, boolean required, String updatedBy, Instant now) {
		jdbc.sql("""
				insert into approval_policies (environment, approval_required, updated_by, updated_at)
				values (?, ?, ?, ?)
				on conflict (environment) do update set approval_required = excluded.approval_required,
				    updated_by = excluded.updated_by, updated_at = excluded.updated_at
				""").params(environment, required, updatedBy, Timestamp.from(now)).update();
	}

	void insert(ApprovalRequest request) {
		jdbc.sql("""
				insert into approval_requests (id, kind, environment, summary, payload, status, requested_by,
				    requester_kind, requester_name, requester_user, requester_role, requested_at, expires_at)
				values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(request.id(), request.kind(), request.environment(), request.summary(),
					JSON.writeValueAsString(request.payload()), request.status().name(), request.requestedBy(),
					request.requesterKind().name(), request.requesterName(), request.requesterUser(),
					request.requesterRole().name(), Timestamp.from(request.requestedAt()),
					Timestamp.from(request.expiresAt()))
			.update();
	}

	Optional<ApprovalRequest> find(UUID id) {
		return jdbc.sql("select * from approval_requests where id = ?").param(id).query(ApprovalStore::request)
			.optional();
	}

	Optional<String> environmentOf(UUID id) {
		return jdbc.sql("select environment from approval_requests where id = ?").param(id).query(String.class)
			.optional();
	}

	/**
	 * @param status only this status, or {@code null}
	 * @param environment only this environment, or {@code null}
	 * @param scope only these environments (a scoped API token's), or {@code null} for every environment
	 * @param limit most rows
	 * @return pending requests first (oldest first: the longest waiting on top), then the rest, newest first
	 */
	List<ApprovalRequest> list(@Nullable ApprovalStatus status, @Nullable String environment,
			@Nullable Collection<String> scope, int limit) {
		List<Object> params = new ArrayList<>();
		params.add(status == null ? null : status.name());
		params.add(status == null ? null : status.name());
		params.add(environment);
		params.add(environment);
		String inScope = "";
		if (scope != null) {
			// one text[] parameter whatever the number of names
			inScope = " and environment = any(?)";
			params.add(scope.toArray(String[]::new));
		}
		params.add(limit);
		return jdbc.sql("""
				select * from approval_requests
				where (cast(? as varchar) is null or status = ?) and (cast(? as varchar) is null or environment = ?)%s
				order by (status = 'PENDING') desc,
				    case when status = 'PENDING' then requested_at end asc,
				    coalesce(decided_at, requested_at) desc
				limit ?
				""".formatted(inScope))
			.params(params)
			.query(ApprovalStore::request)
			.list();
	}

	/**
	 * The one decision: only a pending, unexpired request changes, so of two admins deciding at once exactly one
	 * wins (the row lock makes the other wait, then match nothing).
	 * @return whether this call decided it
	 */
	boolean decide(UUID id, ApprovalStatus status, String decidedBy, Instant now, @Nullable String reason) {
		return jdbc.sql("""
				update approval_requests set status = ?, decided_by = ?, decided_at = ?, reason = ?
				where id = ? and status = 'PENDING' and expires_at > ?
				""")
			.params(status.name(), decidedBy, Timestamp.from(now), reason, id, Timestamp.from(now))
			.update() == 1;
	}

	/** Records what the approved launch started. */
	void launched(UUID id, @Nullable UUID runId, String result) {
		jdbc.sql("update approval_requests set run_id = ?, result = ? where id = ?")
			.params(runId, abbreviate(result), id)
			.update();
	}

	/** An approved request whose launch failed. */
	void failed(UUID id, String reason) {
		jdbc.sql("update approval_requests set status = 'FAILED', reason = ? where id = ? and status = 'APPROVED'")
			.params(abbreviate(reason), id)
			.update();
	}

	/** @return how many pending requests expired */
	int expire(Instant now) {
		return jdbc.sql("update approval_requests set status = 'EXPIRED', decided_at = expires_at "
				+ "where status = 'PENDING' and expires_at <= ?")
			.param(Timestamp.from(now))
			.update();
	}

	static String abbreviate(String text) {
		return (text.length() <= 1000) ? text : text.substring(0, 999) + "…";
	}

	private static ApprovalRequest request(ResultSet rs, int row) throws SQLException {
		return new ApprovalRequest(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("environment"),
				rs.getString("summary"), JSON.readValue(rs.getString("payload"), PAYLOAD),
				ApprovalStatus.valueOf(rs.getString("status")), rs.getString("requested_by"),
				Actor.Kind.valueOf(rs.getString("requester_kind")), rs.getString("requester_name"),
				rs.getString("requester_user"), Role.valueOf(rs.getString("requester_role")),
				rs.getTimestamp("requested_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
				rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")), rs.getString("reason"),
				rs.getObject("run_id", UUID.class), rs.getString("result"));
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
