package io.opsdeck.execution.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.opsdeck.credentials.SecretSealer;
import io.opsdeck.execution.HostStatus;
import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.internal.ansible.AnsibleFailures;
import io.opsdeck.execution.internal.output.OutputLimits;
import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.OutputService;
import io.opsdeck.execution.internal.output.RunOutput;
import io.opsdeck.execution.internal.output.SecretMasker;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Executes one claimed run from start to end: resolves its plan against the inventory as it is now, opens its
 * output, arms the timeout, hands it to the executor of its kind, then stores the remaining output, the final
 * status and per-host results, and announces {@link RunFinished}.
 */
@Component
class RunWorker {

	private static final Logger log = LoggerFactory.getLogger(RunWorker.class);

	private final RunService runs;

	private final RunPreparation preparation;

	private final RunTransitions transitions;

	private final Inventory inventory;

	private final SecretSealer sealer;

	private final OutputService outputs;

	private final LocalRuns localRuns;

	private final ExecutionThreads threads;

	private final RunsProperties properties;

	private final ApplicationEventPublisher events;

	private final Map<RunKind, RunExecutor> executors = new EnumMap<>(RunKind.class);

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * How long a finished run's remaining output and result are retried while the database is unreachable; a
	 * database away longer loses them and the run ends {@code INTERRUPTED} by the reaper once it answers again.
	 */
	static final Duration RECORD_RETRY = Duration.ofMinutes(10);

	RunWorker(RunService runs, RunPreparation preparation, RunTransitions transitions, Inventory inventory,
			SecretSealer sealer, OutputService outputs, LocalRuns localRuns, ExecutionThreads threads,
			RunsProperties properties, ApplicationEventPublisher events, List<RunExecutor> executors) {
		this.runs = runs;
		this.preparation = preparation;
		this.transitions = transitions;
		this.inventory = inventory;
		this.sealer = sealer;
		this.outputs = outputs;
		this.localRuns = localRuns;
		this.threads = threads;
		this.properties = properties;
		this.events = events;
		executors.forEach(executor -> this.executors.put(executor.kind(), executor));
	}

	/** Executes a run this node has claimed ({@code RUNNING}, {@code node_id} = this node). */
	void execute(UUID id) {
		Run run = runs.get(id);
		ExecutionControl control = new ExecutionControl(id, properties.killGrace(), threads.timer(), threads.stops());
		localRuns.add(control);
		RunOutput output = null;
		RunOutcome outcome;
		try {
			RunPlan plan = plan(run);
			output = outputs.open(id, OutputLimits.defaults(), SecretMasker.of(plan.secrets()), detector(run.getKind()));
			output.status(RunStatus.RUNNING);
			RunOutput out = output;
			control.announce(() -> out.system(null, control.stopMessage() + "; stopping"));
			ScheduledFuture<?> timeout = threads.timer()
				.schedule(() -> control.stop(RunStatus.TIMED_OUT, "Timed out after " + run.getTimeoutSeconds() + " s"),
						run.getTimeoutSeconds(), TimeUnit.SECONDS);
			try {
				outcome = executors.get(run.getKind()).execute(plan, output, control);
			}
			finally {
				timeout.cancel(false);
			}
		}
		catch (Exception ex) {
			log.warn("Run {} failed inside Opsdeck: {}", id, ex.toString());
			if (output == null) {
				output = outputs.open(id, OutputLimits.defaults(), SecretMasker.none(),
						OutputService.NO_FAILURE_DETECTOR);
			}
			String message = "Opsdeck could not execute this run: " + describe(ex);
			output.failure(null, message);
			outcome = new RunOutcome(RunStatus.FAILED, null, message, pendingHosts(run, HostStatus.SKIPPED));
		}
		finish(run, control, output, outcome);
	}

	private void finish(Run run, ExecutionControl control, RunOutput output, RunOutcome outcome) {
		RunStatus status = control.stopped() ? control.stopStatus() : outcome.status();
		String raw = control.stopped() ? control.stopMessage() : outcome.message();
		String message = (raw != null) ? output.mask(raw) : null;
		List<HostResult> hosts = outcome.hosts()
			.stream()
			.map(host -> (host.message() == null) ? host
					: new HostResult(host.host(), host.serverId(), host.status(), host.exitCode(), host.counters(),
							output.mask(host.message())))
			.toList();
		Optional<Duration> recorded = Optional.empty();
		try {
			outputs.close(output, RECORD_RETRY.toMillis());
			RunOutput out = output;
			RunStatus ended = status;
			recorded = retrying(run.getId(), () -> transitions.finish(run.getId(), ended, outcome.exitCode(), message,
					out.lastSeq(), out.totalBytes(), out.firstFailureSeq(), hosts));
			if (recorded.isEmpty()) {
				log.warn("Run {} had already been ended elsewhere (interrupted?); its result {} is not recorded",
						run.getId(), status);
				status = transitions.status(run.getId()).orElse(status);
			}
			else {
				long missing = outputs.missingLines(run.getId(), out.lastSeq());
				if (missing > 0) {
					transitions.noteIncompleteOutput(run.getId(), out.lastSeq() - missing, out.lastSeq());
				}
			}
		}
		finally {
			output.status(status);
			outputs.release(run.getId());
			localRuns.remove(run.getId());
		}
		// the duration comes with the recorded end; the run is read again only when another node or the reaper ended it
		Duration duration = recorded.isPresent() ? recorded.get() : runs.get(run.getId()).duration();
		events.publishEvent(new RunFinished(run.getId(), run.getKind(), status, outcome.exitCode(),
				run.getEnvironment(), run.getTriggeredBy(), duration));
	}

	/**
	 * Records the end of a run, retrying while the database is unreachable (a PostgreSQL restart): the run stays in
	 * {@link LocalRuns} meanwhile, so its heartbeat resumes with the database and no node marks it interrupted.
	 * @throws org.springframework.dao.DataAccessException when the database stays away for {@link #RECORD_RETRY}
	 */
	private <T> T retrying(UUID runId, Supplier<T> record) {
		long deadline = System.nanoTime() + RECORD_RETRY.toNanos();
		int attempt = 0;
		while (true) {
			try {
				return record.get();
			}
			catch (org.springframework.dao.DataAccessException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				if (attempt++ == 0) {
					log.warn("Run {}: recording its end failed, retrying until the database answers: {}", runId,
							ex.getMessage());
				}
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private RunPlan plan(Run run) {
		JsonNode parameters = json.readTree(run.getParameters());
		if (run.getKind() == RunKind.SSH) {
			List<UUID> ids = run.getHosts().stream().map(RunHost::getServerId).toList();
			List<ServerTarget> servers = inventory.servers(ids);
			preparation.recheckTargets(run, servers);
			return new RunPlan(run.getId(), RunKind.SSH, servers, run.getCommand(),
					parameters.path("parallelism").asInt(properties.defaultParallelism()), null, List.of());
		}
		Map<String, String> secrets = openSecrets(run);
		Map<String, Object> extraVars = json.convertValue(parameters.path("extraVars"),
				new TypeReference<Map<String, Object>>() {
				});
		List<String> tags = json.convertValue(parameters.path("tags"), new TypeReference<List<String>>() {
		});
		JsonNode limit = parameters.path("limit");
		JsonNode forks = parameters.path("forks");
		RunPlan.AnsibleParameters ansible = new RunPlan.AnsibleParameters(run.getPlaybook(), run.getEnvironment(),
				(extraVars != null) ? extraVars : Map.of(), secrets, (tags != null) ? tags : List.of(),
				limit.isNull() || limit.isMissingNode() ? null : limit.asText(), parameters.path("check").asBoolean(),
				forks.isNull() || forks.isMissingNode() ? null : forks.asInt());
		List<ServerTarget> servers = inventory.serversOf(run.getEnvironment());
		preparation.recheckTargets(run, servers);
		return new RunPlan(run.getId(), RunKind.ANSIBLE, servers, null, 0, ansible, new ArrayList<>(secrets.values()));
	}

	private Map<String, String> openSecrets(Run run) {
		byte[] sealed = run.getSecretParameters();
		if (sealed == null) {
			return Map.of();
		}
		String text = new String(sealer.open(sealed, "run:" + run.getId()), StandardCharsets.UTF_8);
		return json.readValue(text, new TypeReference<Map<String, String>>() {
		});
	}

	private static List<HostResult> pendingHosts(Run run, HostStatus status) {
		return run.getHosts()
			.stream()
			.map(host -> HostResult.of(host.getHost(), host.getServerId(), status, null, null))
			.toList();
	}

	private static Predicate<OutputLine> detector(RunKind kind) {
		return (kind == RunKind.ANSIBLE) ? AnsibleFailures.detector() : OutputService.NO_FAILURE_DETECTOR;
	}

	private static String describe(Exception ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
