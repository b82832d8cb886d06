package io.opsdeck.execution.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.RunSummary;
import io.opsdeck.execution.internal.LineView;
import io.opsdeck.execution.internal.Run;
import io.opsdeck.execution.internal.RunLogs;
import io.opsdeck.execution.internal.RunService;
import io.opsdeck.execution.internal.RunWaits;
import io.opsdeck.execution.internal.ansible.PlaybookCatalog;
import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.OutputService;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code /api/v1/runs}: start, list, inspect and cancel runs, and read their output (see {@link RunOutputApiController}
 * for the log and the live event stream).
 */
@RestController
@RequestMapping("/api/v1")
@Validated
@Tag(name = "Runs", description = "Start SSH commands and Ansible playbooks, follow and cancel them")
class RunApiController {

	private final RunService runs;

	private final RunLogs logs;

	private final OutputService outputs;

	private final PlaybookCatalog playbooks;

	private final RunWaits waits;

	/** Longest {@code waitSeconds} of {@code GET /runs/{id}}. */
	static final int MAX_WAIT_SECONDS = 300;

	RunApiController(RunService runs, RunLogs logs, OutputService outputs, PlaybookCatalog playbooks, RunWaits waits) {
		this.runs = runs;
		this.logs = logs;
		this.outputs = outputs;
		this.playbooks = playbooks;
		this.waits = waits;
	}

	@PostMapping("/runs")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.BODY)
	@Operation(summary = "Start a run", description = "Queues the run and answers 202 with its id; follow it with GET /runs/{id}/events.")
	ResponseEntity<Map<String, Object>> start(@Valid @RequestBody StartRunRequest request) {
		UUID id = runs.launch(request.toRunRequest(), Actors.current());
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/runs/" + id))
			.body(Map.of("id", id, "status", RunStatus.QUEUED.name()));
	}

	@GetMapping("/runs")
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "List runs, newest first", description = "Filters (optional, combined): status, kind "
			+ "(ssh, ansible), environment (name). A run on servers of several environments has no environment: a "
			+ "scoped token's list leaves those out. " + EnvironmentAccess.LIST_SCOPE_DOC)
	PageView<RunSummary> list(@RequestParam(required = false) RunStatus status,
			@RequestParam(required = false) String kind, @RequestParam(required = false) String environment,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		RunKind runKind = (kind != null) ? parseKind(kind) : null;
		PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
		Set<String> scope = EnvironmentAccess.listScope(Actors.current(), environment);
		return PageView.of(runs.list(new RunService.RunFilter(status, runKind, environment, scope), request),
				summary -> summary);
	}

	@GetMapping("/runs/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "run")
	@Operation(hidden = true) // documented with waitSeconds below: the same operation
	RunView getNow(@PathVariable UUID id) {
		return view(id);
	}

	/**
	 * {@link #getNow} that first waits for the run to end, without holding a request thread meanwhile: answers as soon as
	 * the run has ended (final status, all output stored), or after {@code waitSeconds} with the state then. The same
	 * access rules as {@link #getNow} (checked before the wait). Across nodes the end is noticed within about a second
	 * ({@link RunWaits}).
	 * @param waitSeconds 0 to 300 (0: answer at once); other values and non-numbers answer 400
	 */
	@GetMapping(path = "/runs/{id}", params = "waitSeconds")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "run")
	@Operation(summary = "One run with per-host results, optionally after waiting for its end",
			description = "waitSeconds=N (0 to " + MAX_WAIT_SECONDS + ", default 0): answer as soon as the run has "
					+ "ended (its final status, every line stored), or after N seconds with its state then; a CI "
					+ "pipeline calls this in a loop instead of polling. The connection stays open meanwhile; no "
					+ "server thread is held. A run ending on another node is seen within about a second.")
	DeferredResult<RunView> get(@PathVariable UUID id,
			@Parameter(description = "longest wait for the run's end, seconds (0-" + MAX_WAIT_SECONDS + ")")
			@RequestParam(defaultValue = "0") @Min(0) @Max(MAX_WAIT_SECONDS) int waitSeconds) {
		long waitMillis = waitSeconds * 1000L;
		// backstop only: the wait itself ends through RunWaits, on time
		DeferredResult<RunView> result = new DeferredResult<>(waitMillis + 30_000);
		if (waitSeconds == 0) {
			result.setResult(view(id));
			return result;
		}
		CompletableFuture<Boolean> ended = waits.waitFor(id, waitMillis);
		RunView now = view(id);
		if (RunStatus.valueOf(now.status()).isTerminal()) {
			result.setResult(now);
			ended.cancel(false);
			return result;
		}
		ended.whenComplete((done, failure) -> {
			if (failure != null || result.isSetOrExpired()) {
				return;
			}
			try {
				result.setResult(view(id));
			}
			catch (RuntimeException ex) {
				result.setErrorResult(ex);
			}
		});
		result.onTimeout(() -> result.setResult(view(id)));
		result.onCompletion(() -> ended.cancel(false));
		return result;
	}

	private RunView view(UUID id) {
		Run run = runs.get(id);
		long[] live = outputs.live(id).map(output -> {
			Long failure = output.firstFailureSeq();
			return new long[] { output.lastSeq(), output.totalBytes(), (failure != null) ? failure : -1 };
		}).orElse(null);
		return RunView.of(run, live);
	}

	@PostMapping("/runs/{id}/cancel")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "run")
	@Operation(summary = "Cancel a run", description = "A queued run is cancelled at once; a running one gets SIGTERM, then SIGKILL after the grace period. 409 if it has ended.")
	ResponseEntity<Map<String, Object>> cancel(@PathVariable UUID id) {
		RunStatus status = runs.cancel(id, Actors.current());
		return ResponseEntity.accepted().body(Map.of("id", id, "status", status.name()));
	}

	@GetMapping("/runs/{id}/lines")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "run")
	@Operation(summary = "A range of output lines as JSON",
			description = "after=N: lines after N; before=N: the lines just before N; neither: the last `limit` lines.")
	Map<String, Object> lines(@PathVariable UUID id, @RequestParam(required = false) @Min(0) Long after,
			@RequestParam(required = false) @Min(1) Long before,
			@RequestParam(defaultValue = "500") @Min(1) @Max(5000) int limit) {
		runs.status(id);
		List<OutputLine> lines;
		if (after != null) {
			lines = logs.after(id, after, limit);
		}
		else if (before != null) {
			lines = logs.before(id, before, limit);
		}
		else {
			lines = logs.tail(id, limit);
		}
		return Map.of("lines", lines.stream().map(LineView::of).toList(), "lastSeq", logs.lastSeq(id));
	}

	@GetMapping("/runs/{id}/search")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "run")
	@Operation(summary = "Search a run's output", description = "Case-insensitive substring match, colour codes ignored.")
	Map<String, Object> search(@PathVariable UUID id, @RequestParam String q,
			@RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
		if (q.isBlank() || q.length() > 200) {
			throw new InvalidInputException("q", "q must be 1 to 200 characters");
		}
		runs.status(id);
		List<LineView> matches = logs.search(id, q, limit + 1).stream().map(LineView::of).toList();
		boolean truncated = matches.size() > limit;
		return Map.of("matches", truncated ? matches.subList(0, limit) : matches, "truncated", truncated);
	}

	@GetMapping("/playbooks")
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "Playbooks an ansible run may name")
	List<String> playbooks() {
		return playbooks.list();
	}

	private static RunKind parseKind(String kind) {
		try {
			return RunKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("kind", "kind must be 'ssh' or 'ansible'");
		}
	}

}
