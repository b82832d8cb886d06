package io.opsdeck.logs.web;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.RemoteReadException;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.logs.internal.JournalMaintenance;
import io.opsdeck.logs.internal.LogReads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A server's journal disk usage and the seed's clean-ups for high disk usage (troubleshooting): vacuum the journal
 * and prune Docker images, both as runs.
 */
@RestController
@RequestMapping("/api/v1/servers/{id}")
@Tag(name = "Logs")
class JournalApiController {

	private final LogReads reads;

	private final JournalMaintenance maintenance;

	JournalApiController(LogReads reads, JournalMaintenance maintenance) {
		this.reads = reads;
		this.maintenance = maintenance;
	}

	@GetMapping("/journal")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(summary = "Journal disk usage",
			description = "journalctl --disk-usage on the server over SSH (not a run): bytes (null when journalctl did "
					+ "not say) and journalctl's text. 502 when the server cannot be reached.")
	Map<String, Object> usage(@PathVariable UUID id) {
		LogReads.JournalUsage usage = reads.usage(id);
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("bytes", usage.bytes());
		body.put("text", usage.text());
		return body;
	}

	@PostMapping("/journal/vacuum")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(summary = "Vacuum the journal",
			description = "Starts an SSH run of journalctl --vacuum-time=Nd (through sudo -n unless the login user is "
					+ "root): archived journal files older than N days (1 to 3650) are deleted. 202 with the run, kept "
					+ "in run history. A production server needs ADMIN (403 otherwise).")
	ResponseEntity<Map<String, Object>> vacuum(@PathVariable UUID id, @Valid @RequestBody VacuumRequest request) {
		return accepted(maintenance.vacuum(id, request.olderThanDays(), Actors.current()));
	}

	@PostMapping("/docker/prune-images")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(summary = "Prune unused Docker images",
			description = "Starts an SSH run of docker image prune -f (dangling images). 202 with the run, kept in "
					+ "run history. A production server needs ADMIN (403 otherwise).")
	ResponseEntity<Map<String, Object>> prune(@PathVariable UUID id) {
		return accepted(maintenance.pruneImages(id, Actors.current()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreachable(RemoteReadException ex) {
		return LogProblems.badGateway(ex);
	}

	private static ResponseEntity<Map<String, Object>> accepted(UUID runId) {
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/runs/" + runId))
			.body(Map.of("id", runId, "status", "QUEUED"));
	}

	/** @param olderThanDays delete archived journal files older than this many days, 1 to 3650 */
	record VacuumRequest(@NotNull @Min(1) @Max(3650) Integer olderThanDays) {
	}

}
