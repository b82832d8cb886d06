package io.opsdeck.execution.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * A run as stored (table {@code runs}). Created {@code QUEUED} through JPA; every later state change is a
 * conditional update in {@link RunTransitions} so that two nodes, a cancel and the reaper can never overwrite each
 * other's transition.
 */
@Entity
@Table(name = "runs")
public class Run {

	@Id
	private UUID id;

	@Enumerated(EnumType.STRING)
	private RunKind kind;

	@Enumerated(EnumType.STRING)
	private RunStatus status;

	private @Nullable String environment;

	private @Nullable String playbook;

	private @Nullable String command;

	/** JSON of the request's parameters with secret values left out. */
	private String parameters;

	@Column(name = "secret_parameters")
	private byte @Nullable [] secretParameters;

	@Column(name = "triggered_by")
	private String triggeredBy;

	@Column(name = "triggered_by_role")
	private String triggeredByRole;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "started_at")
	private @Nullable Instant startedAt;

	@Column(name = "finished_at")
	private @Nullable Instant finishedAt;

	@Column(name = "exit_code")
	private @Nullable Integer exitCode;

	private @Nullable String message;

	@Column(name = "timeout_seconds")
	private int timeoutSeconds;

	@Column(name = "node_id")
	private @Nullable String nodeId;

	@Column(name = "cancel_requested_by")
	private @Nullable String cancelRequestedBy;

	@Column(name = "line_count")
	private long lineCount;

	@Column(name = "output_bytes")
	private long outputBytes;

	@Column(name = "first_failure_seq")
	private @Nullable Long firstFailureSeq;

	private boolean exclusive;

	private @Nullable String label;

	@Version
	private long version;

	@ElementCollection
	@CollectionTable(name = "run_hosts", joinColumns = @JoinColumn(name = "run_id"))
	@OrderColumn(name = "position")
	private List<RunHost> hosts = new ArrayList<>();

	protected Run() {
	}

	/**
	 * A new queued run.
	 * @param kind run kind
	 * @param actor who asked for it
	 * @param timeoutSeconds wall-clock limit, seconds
	 * @param parameters JSON of the non-secret parameters
	 */
	Run(RunKind kind, Actor actor, int timeoutSeconds, String parameters) {
		this.id = UUID.randomUUID();
		this.kind = kind;
		this.status = RunStatus.QUEUED;
		this.triggeredBy = actor.display();
		this.triggeredByRole = actor.role().name();
		this.timeoutSeconds = timeoutSeconds;
		this.parameters = parameters;
		this.createdAt = Instant.now();
	}

	void describeSsh(String command, @Nullable String environment) {
		this.command = command;
		this.environment = environment;
	}

	void describeAnsible(String playbook, String environment) {
		this.playbook = playbook;
		this.environment = environment;
	}

	/** @param role the role the actor had in the run's environment(s), recorded instead of its base role */
	void recordRole(Role role) {
		this.triggeredByRole = role.name();
	}

	void markExclusive(boolean exclusive, @Nullable String label) {
		this.exclusive = exclusive;
		this.label = label;
	}

	void sealSecrets(byte @Nullable [] sealed) {
		this.secretParameters = sealed;
	}

	void addHost(RunHost host) {
		this.hosts.add(host);
	}

	/** @return time from start to end (or to now while running); zero before it starts */
	public Duration duration() {
		return duration(startedAt, finishedAt);
	}

	/** @return start to end, or to now without an end; zero without a start */
	static Duration duration(@Nullable Instant startedAt, @Nullable Instant finishedAt) {
		if (startedAt == null) {
			return Duration.ZERO;
		}
		Instant end = (finishedAt != null) ? finishedAt : Instant.now();
		return Duration.between(startedAt, end);
	}

	public UUID getId() {
		return id;
	}

	public RunKind getKind() {
		return kind;
	}

	public RunStatus getStatus() {
		return status;
	}

	public @Nullable String getEnvironment() {
		return environment;
	}

	public @Nullable String getPlaybook() {
		return playbook;
	}

	public @Nullable String getCommand() {
		return command;
	}

	public String getParameters() {
		return parameters;
	}

	public byte @Nullable [] getSecretParameters() {
		return secretParameters;
	}

	public String getTriggeredBy() {
		return triggeredBy;
	}

	/** @return the role the actor had when it queued the run */
	public Role getTriggeredByRole() {
		return Role.valueOf(triggeredByRole);
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public @Nullable Instant getStartedAt() {
		return startedAt;
	}

	public @Nullable Instant getFinishedAt() {
		return finishedAt;
	}

	public @Nullable Integer getExitCode() {
		return exitCode;
	}

	public @Nullable String getMessage() {
		return message;
	}

	public int getTimeoutSeconds() {
		return timeoutSeconds;
	}

	public @Nullable String getNodeId() {
		return nodeId;
	}

	public @Nullable String getCancelRequestedBy() {
		return cancelRequestedBy;
	}

	public long getLineCount() {
		return lineCount;
	}

	public long getOutputBytes() {
		return outputBytes;
	}

	public @Nullable Long getFirstFailureSeq() {
		return firstFailureSeq;
	}

	/** @return whether the run holds its environment's exclusive slot while queued or running */
	public boolean isExclusive() {
		return exclusive;
	}

	/** @return what the run is for, e.g. {@code DR drill (full)}, or {@code null} */
	public @Nullable String getLabel() {
		return label;
	}

	public List<RunHost> getHosts() {
		return hosts;
	}

}
