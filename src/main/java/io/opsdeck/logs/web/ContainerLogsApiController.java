package io.opsdeck.logs.web;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.logs.internal.ContainerLogService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/servers/{id}/logs}: a container's journald log as a run (seed: {@code view-logs.sh}).
 */
@RestController
@RequestMapping("/api/v1/servers/{id}/logs")
@Tag(name = "Logs", description = "Container logs from a server's journal (Docker's journald log driver)")
class ContainerLogsApiController {

	private final ContainerLogService logs;

	ContainerLogsApiController(ContainerLogService logs) {
		this.logs = logs;
	}

	@PostMapping
	@PreAuthorize("hasRole('OPERATOR')")
	@Operation(summary = "Show a container's log",
			description = "Starts an SSH run of journalctl --no-pager -o short-iso -n LINES [-f] CONTAINER_NAME=C + "
					+ "COM_DOCKER_COMPOSE_SERVICE=C on the server and answers 202 with the run; read it with GET "
					+ "/api/v1/runs/{runId}/log?follow=true. container: letters, digits, '_', '.', '-' (at most 128); "
					+ "lines: 1 to 10000 (default 100); follow: keep showing new lines until the run is cancelled "
					+ "(at most an hour).")
	ResponseEntity<Map<String, Object>> show(@PathVariable UUID id, @Valid @RequestBody LogRequest request) {
		UUID runId = logs.show(id, request.container(), (request.lines() != null) ? request.lines() : 100,
				Boolean.TRUE.equals(request.follow()), Actors.current());
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/runs/" + runId))
			.body(Map.of("id", runId, "status", "QUEUED"));
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
