package io.opsdeck.maintenance.web;

import java.net.URI;
import java.util.List;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.maintenance.internal.ChecklistService;
import io.opsdeck.maintenance.internal.ChecklistView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/maintenance/checklist}: the seed's maintenance checklists with each item's state (VIEWER), and
 * ticking a manual item off (OPERATOR).
 */
@RestController
@RequestMapping("/api/v1/maintenance/checklist")
@Tag(name = "Maintenance", description = "The seed's weekly, monthly, quarterly and annual maintenance checklists: "
		+ "which items Opsdeck automates (schedule, next fire, last result) and which the team ticks off")
class MaintenanceApiController {

	private final ChecklistService checklist;

	MaintenanceApiController(ChecklistService checklist) {
		this.checklist = checklist;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "The maintenance checklist",
			description = "Every item of the seed's Maintenance Procedures (weekly, monthly, quarterly, annually) and "
					+ "the Backup Management cleanup. Per-environment items have one entry per environment (only the "
					+ "one named by ?environment=), team-wide items one entry without environment. Each entry: status "
					+ "AUTOMATED (an active schedule firing at least as often as the item is due; schedules[] with "
					+ "nextFire and lastResult), FAILING (that schedule's last fire failed), DONE (ticked within the "
					+ "period), OVERDUE (its period passed since the last tick), NEVER_DONE (manual, never ticked) or "
					+ "NOT_SCHEDULED (automatable, no schedule: createSchedule links to the pre-filled schedule "
					+ "form, or resumeSchedule links to a paused schedule that does it). A per-environment item without any "
					+ "environment has no entries and a note saying so. 404 for an unknown environment. "
					+ EnvironmentAccess.LIST_SCOPE_DOC + " Team-wide items are shown to every caller.")
	ChecklistView get(@RequestParam(required = false) @Nullable String environment) {
		String only = (environment == null || environment.isBlank()) ? null : environment;
		return checklist.checklist(only, EnvironmentAccess.listScope(Actors.current(), only));
	}

	@PostMapping("/{item}/done")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.BODY)
	@Operation(summary = "Tick a checklist item off",
			description = "Records who (the caller) and when (now), with an optional note; the history is kept. "
					+ "Body {\"environment\":\"staging\",\"note\":\"...\"}: environment is required for a "
					+ "per-environment item and must be left out for a team-wide one (400, field environment). The "
					+ "note is one line of at most 500 characters (code points) without bidi controls (400, field "
					+ "note). Answers 201 with the tick and "
					+ "dueBy (done + the item's period). 404 for an unknown item or environment.")
	ResponseEntity<ChecklistView.Tick> done(@PathVariable String item,
			@RequestBody(required = false) @Nullable TickRequest request) {
		TickRequest body = (request != null) ? request : new TickRequest(null, null);
		ChecklistView.Tick tick = checklist.tick(item, body.environment(), body.note(), Actors.current());
		return ResponseEntity.created(URI.create("/api/v1/maintenance/checklist/" + item + "/history"
				+ ((tick.environment() != null) ? "?environment=" + tick.environment() : "")))
			.body(tick);
	}

	@GetMapping("/{item}/history")
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "Who ticked a checklist item off, and when",
			description = "Newest first, at most limit (default 50, 1 to 500; 400 otherwise). environment: required for a "
					+ "per-environment item, left out for a team-wide one. 404 for an unknown item or environment; "
					+ "403 for an environment outside a scoped token's.")
	List<ChecklistView.Tick> history(@PathVariable String item,
			@RequestParam(required = false) @Nullable String environment,
			@RequestParam(defaultValue = "50") @Min(1) @Max(ChecklistService.HISTORY_MAX) int limit) {
		EnvironmentAccess.listScope(Actors.current(), environment);
		return checklist.history(item, environment, limit);
	}

}
