package io.opsdeck.drills.web;

import java.net.URI;
import java.util.UUID;

import io.opsdeck.drills.DrillType;
import io.opsdeck.drills.internal.DrillDetails;
import io.opsdeck.drills.internal.DrillReports;
import io.opsdeck.drills.internal.DrillService;
import io.opsdeck.drills.internal.ForecastService;
import io.opsdeck.drills.internal.RtoForecast;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
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

/**
 * {@code /api/v1/drills}: start disaster-recovery drills, follow them, read their reports (seed: Disaster Recovery).
 */
@RestController
@RequestMapping("/api/v1")
@Validated
@Tag(name = "Drills", description = "Disaster-recovery drills against the RTO target, their reports and the RTO forecast")
class DrillsApiController {

	/** {@code text/markdown}. */
	static final String MARKDOWN = "text/markdown";

	private final DrillService drills;

	private final DrillReports reports;

	private final ForecastService forecasts;

	DrillsApiController(DrillService drills, DrillReports reports, ForecastService forecasts) {
		this.drills = drills;
		this.reports = reports;
		this.forecasts = forecasts;
	}

	@PostMapping("/drills")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.BODY)
	@Operation(summary = "Start a drill",
			description = "Restores a backup (the newest unless backupTimestamp is given) on the environment's drill server. "
					+ "Answers 202 with the drill; 409 when another drill, backup or exclusive run is active on the "
					+ "environment, or when drill settings, backup storage or a backup are missing."
					+ " In an environment that requires approvals (docs/approvals.md) a person's launch answers 202 "
					+ "{\"approvalId\",\"status\":\"PENDING\",\"approval\":\"/api/v1/approvals/{id}\"} with Location "
					+ "instead, and runs once a second ADMIN approves it.")
	ResponseEntity<DrillView> start(@Valid @RequestBody StartDrillRequest request) {
		DrillDetails drill = drills.start(request.environment(), DrillType.fromValue(request.type()),
				request.backupTimestamp(), Actors.current());
		return ResponseEntity.accepted().location(URI.create("/api/v1/drills/" + drill.id())).body(DrillView.of(drill));
	}

	@GetMapping("/drills")
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "List drills, newest first", description = EnvironmentAccess.LIST_SCOPE_DOC)
	PageView<DrillView> list(@RequestParam(required = false) @Nullable String environment,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		PageView<DrillDetails> found = drills.list(environment,
				EnvironmentAccess.listScope(Actors.current(), environment), page, size);
		return new PageView<>(found.items().stream().map(DrillView::of).toList(), found.page(), found.size(),
				found.totalItems(), found.totalPages());
	}

	@GetMapping("/drills/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "drill")
	@Operation(summary = "One drill: status, steps with measured times, checks, findings, compliance, RPO")
	DrillView get(@PathVariable UUID id) {
		return DrillView.of(drills.get(id));
	}

	@GetMapping(path = "/drills/{id}/summary", produces = MediaType.TEXT_PLAIN_VALUE)
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "drill")
	@Operation(summary = "One drill as a few lines for a terminal",
			description = "Plain text: one line per step that ran, the outcome against the RTO target and "
					+ "the RPO, findings and recommendations (what scripts/dr-drill.sh prints).")
	ResponseEntity<String> text(@PathVariable UUID id) {
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
			.body(DrillText.of(DrillView.of(drills.get(id))));
	}

	@GetMapping(path = "/drills/{id}/report", produces = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "drill")
	@Operation(summary = "A drill's report",
			description = "JSON by default; with Accept: text/markdown the Markdown document the seed keeps under docs/dr-reports/.")
	DrillReportView report(@PathVariable UUID id) {
		DrillView drill = DrillView.of(drills.get(id));
		return new DrillReportView(drill, forecasts.forecast(drill.environment()));
	}

	@GetMapping(path = "/drills/{id}/report", produces = MARKDOWN)
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "drill")
	@Operation(summary = "A drill's report as Markdown")
	ResponseEntity<String> markdown(@PathVariable UUID id) {
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(MARKDOWN + ";charset=UTF-8")).body(reports.markdown(id));
	}

	@GetMapping("/environments/{name}/rto-forecast")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "The environment's RTO forecast",
			description = "Drill duration expected next quarter and the date the RTO target would be breached, with the "
					+ "numbers it rests on; 204 before the first full drill that restored.")
	ResponseEntity<RtoForecast> forecast(@PathVariable String name) {
		RtoForecast forecast = forecasts.forecast(name);
		return (forecast != null) ? ResponseEntity.ok(forecast) : ResponseEntity.noContent().build();
	}

	// produces: without it, a request with another Accept and no format parameter failed this mapping's parameter
	// condition and got a bare 400 instead of the 406 problem detail
	@GetMapping(path = "/drills/{id}/report", params = "format=md", produces = MARKDOWN)
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "drill")
	@Operation(summary = "A drill's report as a Markdown file download (for browsers, which cannot set Accept)")
	ResponseEntity<String> markdownFile(@PathVariable UUID id) {
		String name = "dr-report-" + id + ".md";
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(MARKDOWN + ";charset=UTF-8"))
			.header("Content-Disposition", "attachment; filename=\"" + name + "\"")
			.body(reports.markdown(id));
	}

	/**
	 * The JSON report: the drill and the environment's RTO forecast.
	 *
	 * @param drill the drill
	 * @param forecast the forecast, or {@code null} before the first full drill that restored
	 */
	record DrillReportView(DrillView drill, @Nullable RtoForecast forecast) {
	}

}
