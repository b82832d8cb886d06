package io.opsdeck.servermetrics.web;

import java.util.UUID;

import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.servermetrics.ServerMetricsView;
import io.opsdeck.servermetrics.internal.ServerMetricsService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A server's CPU, memory, root disk and load of the last hour, read from its node_exporter (seed: Monitoring).
 */
@RestController
@RequestMapping("/api/v1/servers/{id}/metrics")
@Tag(name = "Server metrics", description = "CPU, memory, disk and load from each server's node_exporter, last hour")
class ServerMetricsApiController {

	private final ServerMetricsService metrics;

	ServerMetricsApiController(ServerMetricsService metrics) {
		this.metrics = metrics;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server")
	@Operation(summary = "A server's metrics of the last hour",
			description = "status OK | UNREACHABLE (error says why) | NOT_EXPORTER (the port answers, but not with "
					+ "node_exporter metrics) | NO_DATA; a value that is unknown is null; current: the last successful reading; "
					+ "history: every successful reading of the last hour, oldest first (one a minute by default). "
					+ "Percentages 0-100; cpuPercent is the use since the previous reading. 404 for an unknown server.")
	ServerMetricsView get(@PathVariable UUID id) {
		return metrics.view(id);
	}

	@PostMapping("/refresh")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(summary = "Read the server's node_exporter now",
			description = "Reads and stores one reading at once (hard deadline: opsdeck.server-metrics.request-timeout,"
					+ " default 5 s) and answers like GET; when a reading younger than half the interval exists it "
					+ "answers that one without reading again. An exporter that does not answer is status UNREACHABLE, "
					+ "not an error. 409 when the server's exporter is disabled.")
	ServerMetricsView refresh(@PathVariable UUID id) {
		return metrics.refresh(id);
	}

	@PutMapping("/exporter")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "server")
	@Operation(summary = "Set where the server's node_exporter listens",
			description = "{\"port\": 9100, \"enabled\": true}: port 1-65535 (omitted: the configured default 9100); "
					+ "enabled false stops reading it. Answers like GET.")
	ServerMetricsView exporter(@PathVariable UUID id, @Valid @RequestBody ExporterRequest request) {
		return metrics.setExporter(id, request.port(), request.enabled() == null || request.enabled());
	}

}
