package io.opsdeck.logs.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.RemoteReadException;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.CredentialRechecks;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.logs.internal.ContainerLogService;
import io.opsdeck.logs.internal.JournalCommand;
import io.opsdeck.logs.internal.LogQuery;
import io.opsdeck.logs.internal.LogReads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A container's journald log (seed: Logging Management, {@code view-logs.sh}): {@code GET} streams it straight
 * from the server over SSH (once, or followed live), {@code POST} starts it as a run.
 */
@RestController
@RequestMapping("/api/v1/servers/{id}/logs")
@Tag(name = "Logs", description = "Container logs from a server's journal (Docker's journald log driver)")
class ContainerLogsApiController {

	private final ContainerLogService logs;

	private final LogReads reads;

	private final LogStreaming streaming;

	private final CredentialRechecks rechecks;

	ContainerLogsApiController(ContainerLogService logs, LogReads reads, LogStreaming streaming,
			CredentialRechecks rechecks) {
		this.logs = logs;
		this.reads = reads;
		this.streaming = streaming;
		this.rechecks = rechecks;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(summary = "Read a container's log",
			description = "Runs journalctl --no-pager -o short-iso|json -n LINES [--since S] [--until U] [--grep P "
					+ "--case-sensitive=false] [-f] CONTAINER_NAME=C + COM_DOCKER_COMPOSE_SERVICE=C on the server over "
					+ "SSH (the server's pinned host key and credential) and streams its output; not a run. format=text: "
					+ "text/plain, journalctl's short-iso lines; format=json: application/x-ndjson, journald's JSON "
					+ "export (one object per entry). follow=true keeps the response open and streams new entries "
					+ "(at most an hour); after 5 s of silence it writes an empty line, so that a client that went "
					+ "away is noticed and the remote journalctl stopped: skip empty lines. A followed log also ends "
					+ "within a few seconds once its token or session is revoked, expired, disabled or signed out "
					+ "(plain text: after a last line '-- <why> --'). 400 names the field at "
					+ "fault; 502 when the server cannot be reached or journalctl fails at once; 409 when too many "
					+ "logs are followed already.",
			responses = @ApiResponse(responseCode = "200", description = "the log",
					content = { @Content(mediaType = "text/plain"), @Content(mediaType = "application/x-ndjson") }))
	ResponseEntity<StreamingResponseBody> read(@PathVariable UUID id,
			@Parameter(description = "container or compose service name, e.g. django (letters, digits, _ . -)")
			@RequestParam(required = false) String container,
			@Parameter(description = "newest entries, 1 to 10000 (default 100)") @RequestParam(required = false)
			@Min(1) @Max(JournalCommand.MAX_LINES) Integer lines,
			@Parameter(description = "start: '2026-12-04 13:05' (server time; add UTC or Z for UTC), "
					+ "'2026-12-04T13:05:00Z', '1 hour ago', '-15m', 'today', 'yesterday'")
			@RequestParam(required = false) String since,
			@Parameter(description = "end, same forms; not with follow") @RequestParam(required = false) String until,
			@Parameter(description = "case-insensitive regular expression on the message (printable ASCII, no ', "
					+ "at most 200)") @RequestParam(required = false) String grep,
			@Parameter(description = "stream new entries until the client disconnects")
			@RequestParam(defaultValue = "false") boolean follow,
			@Parameter(description = "text (default) or json") @RequestParam(required = false) String format,
			@Parameter(description = "answer as a file download") @RequestParam(defaultValue = "false") boolean download) {
		LogQuery query = LogQuery.of(container, lines, since, until, grep, false, format);
		LogStreaming.Prefetched prefetched = streaming.prefetch(reads.open(id, query, Actors.current()));
		if (prefetched.body() == null) {
			throw new RemoteReadException(prefetched.failure());
		}
		return headers(query, download).body(prefetched.body());
	}

	/** {@code follow=true}: the same, then live; documented with {@link #read}. */
	@GetMapping(params = "follow=true")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(hidden = true)
	ResponseEntity<ResponseBodyEmitter> follow(@PathVariable UUID id, @RequestParam(required = false) String container,
			@RequestParam(required = false) @Min(1) @Max(JournalCommand.MAX_LINES) Integer lines,
			@RequestParam(required = false) String since,
			@RequestParam(required = false) String until, @RequestParam(required = false) String grep,
			@RequestParam(required = false) String format, @RequestParam(defaultValue = "false") boolean download) {
		LogQuery query = LogQuery.of(container, lines, since, until, grep, true, format);
		// checked again while the response lasts: revoking the token, disabling the user or signing out ends it
		CredentialRechecks.Recheck recheck = rechecks.ofCurrentRequest(Role.OPERATOR, "server", id.toString());
		return headers(query, download)
			.body(streaming.follow(reads.open(id, query, Actors.current()), query.format(), recheck));
	}

	private static ResponseEntity.BodyBuilder headers(LogQuery query, boolean download) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(query.format().contentType()))
			.cacheControl(CacheControl.noStore())
			.header("X-Accel-Buffering", "no");
		if (download) {
			response.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
				.filename(query.container() + "-log." + query.format().extension())
				.build()
				.toString());
		}
		return response;
	}

	@GetMapping("/containers")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(summary = "Container names to pick from",
			description = "The seed's containers (django, postgres, redis, caddy, celeryworker) and every name found "
					+ "on the server: running containers (docker ps) and every CONTAINER_NAME and compose service in "
					+ "its journal. Only the seed's when the server cannot be read.")
	Map<String, List<String>> containers(@PathVariable UUID id) {
		return Map.of("containers", reads.containers(id));
	}

	@PostMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(summary = "Show a container's log as a run",
			description = "Starts an SSH run of journalctl --no-pager -o short-iso -n LINES [-f] CONTAINER_NAME=C + "
					+ "COM_DOCKER_COMPOSE_SERVICE=C on the server and answers 202 with the run; read it with GET "
					+ "/api/v1/runs/{runId}/log?follow=true. The run is kept in run history. container: letters, "
					+ "digits, '_', '.', '-' (at most 128); lines: 1 to 10000 (default 100); follow: keep showing new "
					+ "lines until the run is cancelled (at most an hour).")
	ResponseEntity<Map<String, Object>> show(@PathVariable UUID id, @Valid @RequestBody LogRequest request) {
		UUID runId = logs.show(id, request.container(), (request.lines() != null) ? request.lines() : 100,
				Boolean.TRUE.equals(request.follow()), Actors.current());
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/runs/" + runId))
			.body(Map.of("id", runId, "status", "QUEUED"));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreachable(RemoteReadException ex) {
		return LogProblems.badGateway(ex);
	}

	/**
	 * @param container container or compose service name, e.g. {@code django}
	 * @param lines newest lines, 1 to 10,000, default 100
	 * @param follow keep showing new lines, default false
	 */
	record LogRequest(@NotBlank String container, @Nullable @Min(1) @Max(10_000) Integer lines,
			@Nullable Boolean follow) {
	}

}
