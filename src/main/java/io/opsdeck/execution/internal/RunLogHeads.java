package io.opsdeck.execution.internal;

import java.util.UUID;

import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.internal.output.OutputService;
import io.opsdeck.execution.internal.output.ReplayCache;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What {@code GET /api/v1/runs/{id}/log} needs to know of a run before its first byte, in one SQL statement: whether
 * lines carry a host prefix (more than one host) and, for a whole replay of an ended run, the replay cache's key.
 * <p>
 * Issue 8, scenario 5: the endpoint used to load the {@link Run} entity with its hosts in a read-only transaction
 * (Hibernate; BEGIN, two selects, COMMIT) and then read the chunk statistics: four round trips to PostgreSQL and about
 * a quarter of the request thread's CPU before the first byte of a warm replay. The status and the chunk statistics
 * now come from the same statement (one snapshot); a run's status becomes terminal only after its output is stored
 * ({@code RunWorker} closes the output first), so the statistics of an ended run are its final ones.
 */
@Component
public class RunLogHeads {

	private static final String SQL_WHOLE = "select r.status, (select count(*) from run_hosts h where h.run_id = r.id),"
			+ " c.* from runs r cross join lateral (select " + ReplayCache.CHUNK_STATS
			+ " from run_output_chunks where run_id = r.id) c where r.id = ?";

	private static final String SQL_PART = "select r.status, (select count(*) from run_hosts h where h.run_id = r.id)"
			+ " from runs r where r.id = ?";

	private final JdbcTemplate jdbc;

	private final OutputService outputs;

	private final ReplayCache cache;

	RunLogHeads(JdbcTemplate jdbc, OutputService outputs, ReplayCache cache) {
		this.jdbc = jdbc;
		this.outputs = outputs;
		this.cache = cache;
	}

	/**
	 * @param whole whether the whole log is asked for (from line 0) in a way the replay cache's file can answer
	 * @return whether lines carry a host prefix, and the replay cache's key when {@code whole}, the run has ended, its
	 * output is no longer in memory on this node and its size is one the cache keeps (else {@code null})
	 * @throws NotFoundException when there is no such run
	 */
	public Head of(UUID runId, boolean whole) {
		Head head = jdbc.query(whole ? SQL_WHOLE : SQL_PART, rs -> {
			if (!rs.next()) {
				return null;
			}
			boolean prefixHosts = rs.getLong(2) > 1;
			boolean ended = RunStatus.valueOf(rs.getString(1)).isTerminal();
			ReplayCache.Key key = (whole && ended)
					? cache.keyOf(runId, prefixHosts, rs.getLong(3), rs.getLong(4), rs.getLong(5)) : null;
			return new Head(prefixHosts, key);
		}, runId);
		if (head == null) {
			throw new NotFoundException("run", runId);
		}
		if (head.cacheKey() != null && outputs.live(runId).isPresent()) {
			return new Head(head.prefixHosts(), null);
		}
		return head;
	}

	/**
	 * @param prefixHosts whether the run has more than one host (each line then starts with {@code host | })
	 * @param cacheKey the replay cache's key of the whole log, or {@code null} when it is not to be served or kept
	 */
	public record Head(boolean prefixHosts, ReplayCache.@Nullable Key cacheKey) {
	}

}
