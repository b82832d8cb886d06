package io.opsdeck.execution.internal;

import java.util.UUID;

import io.opsdeck.execution.HostStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import org.jspecify.annotations.Nullable;

/**
 * One target of a run and what happened there (table {@code run_hosts}).
 */
@Embeddable
public class RunHost {

	@Column(name = "host", nullable = false)
	private String host;

	@Column(name = "server_id")
	private @Nullable UUID serverId;

	@Enumerated(EnumType.STRING)
	@Column(name = "status", nullable = false)
	private HostStatus status;

	@Column(name = "exit_code")
	private @Nullable Integer exitCode;

	private int ok;

	private int changed;

	private int failed;

	private int unreachable;

	private int skipped;

	private int rescued;

	private int ignored;

	private @Nullable String message;

	protected RunHost() {
	}

	public RunHost(String host, @Nullable UUID serverId, HostStatus status) {
		this.host = host;
		this.serverId = serverId;
		this.status = status;
	}

	public String getHost() {
		return host;
	}

	public @Nullable UUID getServerId() {
		return serverId;
	}

	public HostStatus getStatus() {
		return status;
	}

	public @Nullable Integer getExitCode() {
		return exitCode;
	}

	public int getOk() {
		return ok;
	}

	public int getChanged() {
		return changed;
	}

	public int getFailed() {
		return failed;
	}

	public int getUnreachable() {
		return unreachable;
	}

	public int getSkipped() {
		return skipped;
	}

	public int getRescued() {
		return rescued;
	}

	public int getIgnored() {
		return ignored;
	}

	public @Nullable String getMessage() {
		return message;
	}

}
