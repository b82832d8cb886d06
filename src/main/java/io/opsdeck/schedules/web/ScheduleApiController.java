package io.opsdeck.schedules.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.schedules.internal.FireDetails;
import io.opsdeck.schedules.internal.ScheduleDetails;
import io.opsdeck.schedules.internal.SchedulePresetService;
import io.opsdeck.schedules.internal.SchedulePreview;
import io.opsdeck.schedules.internal.ScheduleQueryService;
import io.opsdeck.schedules.internal.ScheduleService;
import io.opsdeck.shared.ETags;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/schedules}: unattended drills, updates, health checks and backup jobs on Quartz (seed: DR Drill
 * Schedule, Security Updates, Maintenance Procedures). Reads need VIEWER, "Run now" OPERATOR, creating, changing,
 * pausing, resuming and deleting ADMIN (resuming a fire-once schedule fires a missed time at once, with the
 * schedule's ADMIN authority).
 */
@RestController
@RequestMapping("/api/v1")
@Validated
@Tag(name = "Schedules", description = "Cron schedules (Quartz, clustered) that start drills, security updates, "
		+ "health checks and backup jobs unattended")
class ScheduleApiController {

	private final ScheduleQueryService queries;

	private final ScheduleService schedules;

	private final SchedulePresetService presets;

	ScheduleApiController(ScheduleQueryService queries, ScheduleService schedules, SchedulePresetService presets) {
		this.queries = queries;
		this.schedules = schedules;
		this.presets = presets;
	}

	@GetMapping("/schedules")
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "List schedules by name",
			description = "With their next five fire times and last fire. " + EnvironmentAccess.LIST_SCOPE_DOC)
	List<ScheduleDetails> list(@RequestParam(required = false) @Nullable String environment) {
		return queries.list(environment, EnvironmentAccess.listScope(Actors.current(), environment));
	}

	@GetMapping("/schedules/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "schedule")
	@Operation(summary = "One schedule", description = ETags.GET_DOC)
	ResponseEntity<ScheduleDetails> get(@PathVariable UUID id) {
		ScheduleDetails schedule = queries.get(id);
		return ETags.ok(schedule, schedule.version());
	}

	@PostMapping("/schedules")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.BODY)
	@Operation(summary = "Create a schedule",
			description = "400 names the field that is wrong (an invalid cron expression, an unknown time zone, a "
					+ "parameter, a security update on a development environment); 409 when the name is taken.")
	ResponseEntity<ScheduleDetails> create(@RequestBody ScheduleRequest request) {
		ScheduleDetails created = schedules.create(request.input(), Actors.current());
		return ResponseEntity.created(URI.create("/api/v1/schedules/" + created.id())).body(created);
	}

	@PutMapping("/schedules/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "schedule")
	@Operation(summary = "Replace a schedule",
			description = "Fire times missed before the change are forgotten. " + ETags.PUT_DOC)
	@ApiResponse(responseCode = "200", description = "the schedule as stored, with its new ETag")
	@ApiResponse(responseCode = "412", description = ETags.PRECONDITION_FAILED_DOC)
	ResponseEntity<ScheduleDetails> update(@PathVariable UUID id, @RequestBody ScheduleRequest request,
			@Parameter(description = ETags.IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) @Nullable String ifMatch) {
		ScheduleDetails schedule = schedules.update(id, request.input(), ExpectedVersion.ifMatch(ifMatch),
				Actors.current());
		return ETags.ok(schedule, schedule.version());
	}

	@DeleteMapping("/schedules/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "schedule")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a schedule", description = "Its fire history goes with it; the runs it started stay.")
	void delete(@PathVariable UUID id) {
		schedules.delete(id, Actors.current());
	}

	@PostMapping("/schedules/{id}/pause")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "schedule")
	@Operation(summary = "Pause a schedule")
	ScheduleDetails pause(@PathVariable UUID id) {
		return schedules.pause(id, true, Actors.current());
	}

	@PostMapping("/schedules/{id}/resume")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "schedule")
	@Operation(summary = "Resume a schedule",
			description = "Fire times missed while it was paused follow its misfire policy: fire-once fires once now, "
					+ "skip waits for the next one.")
	ScheduleDetails resume(@PathVariable UUID id) {
		return schedules.pause(id, false, Actors.current());
	}

	@PostMapping("/schedules/{id}/trigger")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "schedule")
	@Operation(summary = "Run a schedule now",
			description = "Performs its action at once as the caller (the module's own rules apply: a busy "
					+ "environment or a production update by a non-ADMIN gives a SKIPPED fire with the reason). "
					+ "Answers 202 with the fire and its run id.")
	ResponseEntity<FireDetails> trigger(@PathVariable UUID id) {
		return ResponseEntity.accepted().body(schedules.trigger(id, Actors.current()));
	}

	@GetMapping("/schedules/{id}/fires")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "schedule")
	@Operation(summary = "A schedule's fires, newest first")
	PageView<FireDetails> fires(@PathVariable UUID id, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		return queries.fires(id, page, size);
	}

	@GetMapping("/schedules/preview")
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "Next fire times of a cron expression in a time zone",
			description = "With warnings: daylight-saving days in the coming year when a named time does not exist "
					+ "or happens twice, and what Quartz does then. 400 names an invalid expression or zone.")
	SchedulePreview preview(@RequestParam(required = false) @Nullable String cron,
			@RequestParam(required = false) @Nullable String timeZone,
			@RequestParam(defaultValue = "5") @Min(1) @Max(50) int count) {
		return queries.preview(cron, timeZone, count);
	}

	@PostMapping("/environments/{name}/schedules/presets")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create the preset schedules for an environment",
			description = "Quarterly DR drill (first Monday of Jan/Apr/Jul/Oct, 02:00), nightly backup, monthly "
					+ "security update and quarterly full update (not for development), weekly health check and "
					+ "backup verification, monthly cleanup of backups older than 30 days. Presets the environment "
					+ "already has (by name) are left alone; the answer lists those created.")
	List<ScheduleDetails> presets(@PathVariable String name, @RequestBody(required = false) @Nullable PresetsRequest body) {
		return presets.create(name, (body == null) ? null : body.timeZone(), Actors.current());
	}

}
