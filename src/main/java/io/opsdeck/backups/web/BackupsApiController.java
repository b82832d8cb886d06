package io.opsdeck.backups.web;

import java.net.URI;
import java.time.Instant;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsdeck.backups.BackupCheck;
import io.opsdeck.backups.BackupCleanup;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.internal.BackupLauncher;
import io.opsdeck.backups.internal.BackupService;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.tags.Tag;

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
 * {@code /api/v1/environments/{name}/backups}: list with VIEWER; "Back up now", "verify newest" and cleanup with
 * OPERATOR (deleting production backups: ADMIN, checked by the service). The list carries the
 * environment's current RPO (age of the newest backup, seconds) in the {@value #RPO_HEADER} header.
 */
@RestController
@RequestMapping("/api/v1/environments/{name}/backups")
@Tag(name = "Backups")
class BackupsApiController {

	/** Age of the newest backup in seconds: the environment's current RPO. Absent when there is no backup. */
	static final String RPO_HEADER = "Opsdeck-Rpo-Seconds";

	/** Timestamp of the newest backup. Absent when there is no backup. */
	static final String NEWEST_HEADER = "Opsdeck-Newest-Backup";

	/** Seed, weekly maintenance checklist: a daily backup plus two hours of slack. */
	static final int DEFAULT_MAX_AGE_HOURS = 26;

	private final BackupService backups;

	private final BackupLauncher launcher;

	private final StrictBody strictBody;

	BackupsApiController(BackupService backups, BackupLauncher launcher, StrictBody strictBody) {
		this.backups = backups;
		this.launcher = launcher;
		this.strictBody = strictBody;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "List the environment's backups, newest first",
			description = "Reads the bucket on every call (pages through any number of objects). The header "
					+ RPO_HEADER + " holds the current RPO: the age of the newest backup in seconds (a backup dated "
					+ "more than 5 minutes in the future is listed, unverified, but is never the newest). 409 when no "
					+ "backup storage is configured; 502 when the storage fails.")
	ResponseEntity<List<BackupView>> list(@PathVariable String name) {
		List<BackupSummary> found = backups.list(name);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		// a folder dated in the future is listed (with its finding) but is never the newest
		BackupSummary newest = BackupSummary.newest(found, Instant.now());
		if (newest != null) {
			response.header(RPO_HEADER, Long.toString(newest.ageSeconds()))
				.header(NEWEST_HEADER, newest.timestamp());
		}
		return response.body(found.stream().map(BackupView::of).toList());
	}

	@GetMapping("/{timestamp}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "One backup", description = "404 when there is no backup (no db.dump) at that timestamp.")
	BackupView get(@PathVariable String name, @PathVariable String timestamp) {
		return backups.find(name, timestamp)
			.map(BackupView::of)
			.orElseThrow(() -> new NotFoundException("backup", name + "/" + timestamp));
	}

	@PostMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Back up now",
			description = "Starts an exclusive run of backup.yml on the environment's backup server with presigned "
					+ "PUT URLs, and answers 202 {\"runId\",\"timestamp\"}. 409 when storage or drill settings are "
					+ "missing, or when a drill, backup or update is already queued or running on the environment.")
	ResponseEntity<Map<String, Object>> backUpNow(@PathVariable String name) {
		BackupLauncher.Launched launched = launcher.launch(name, Actors.current());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("runId", launched.runId());
		body.put("timestamp", launched.timestamp());
		body.put("folderKey", launched.folderKey());
		return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + launched.runId())).body(body);
	}

	@PostMapping("/verify")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Verify the newest backup",
			description = "\"Verify completion\" from the seed's weekly checklist: the newest backup's age against "
					+ "maxAgeHours (default 26, 1 to 8784), its manifest, and every object it lists downloaded and "
					+ "compared by size and SHA-256. Answers 200 with the verdict in status: OK, STALE, NO_BACKUP or "
					+ "INVALID (INVALID wins over STALE). Takes as long as downloading the backup. OPERATOR, because "
					+ "it downloads the whole backup (storage egress). 409 when no backup storage is configured; 502 "
					+ "when the storage fails.")
	BackupCheck verify(@PathVariable String name,
			@RequestParam(defaultValue = "" + DEFAULT_MAX_AGE_HOURS) @Min(value = 1,
					message = "must be between 1 and 8784 hours") @Max(value = 8784,
							message = "must be between 1 and 8784 hours") int maxAgeHours) {
		return backups.verifyNewest(name, Duration.ofHours(maxAgeHours));
	}

	@PostMapping("/cleanup")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Delete backups older than the retention (or list them: dry run)",
			description = "Body {\"retentionDays\":30,\"keepNewest\":3,\"dryRun\":true}, every field optional: "
					+ "an empty body is a dry run with these defaults. Strict: an unknown field, a dryRun that is not a JSON "
					+ "boolean or a number that is not a JSON integer is a 400 naming the field. A backup dated more "
					+ "than 5 minutes in the future is kept (FUTURE_TIMESTAMP) and never counts as one of the newest. The newest keepNewest backups and the newest "
					+ "keepNewest verified backups stay whatever their age. A dry run lists exactly what the same "
					+ "request with dryRun false deletes. Whole backup folders go, manifest.json first and db.dump "
					+ "last; objects outside backup folders are never touched. Dry run: OPERATOR. Deleting: "
					+ "OPERATOR, and on a production environment ADMIN (403 otherwise). 409 when no backup storage "
					+ "is configured; 502 when the storage fails."
					+ " In an environment that requires approvals (docs/approvals.md) a person's launch answers 202 "
					+ "{\"approvalId\",\"status\":\"PENDING\",\"approval\":\"/api/v1/approvals/{id}\"} with Location "
					+ "instead, and runs once a second ADMIN approves it.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
			content = @Content(schema = @Schema(implementation = BackupCleanupRequest.class)))
	BackupCleanup cleanup(@PathVariable String name, @RequestBody(required = false) @Nullable JsonNode json,
			HttpServletRequest request) {
		// strict: this request deletes, so a typo or a coerced value must not fall back to a default
		BackupCleanupRequest body = strictBody.read(json, BackupCleanupRequest.class,
				new BackupCleanupRequest(null, null, null), request);
		return backups.cleanup(name, Duration.ofDays(body.effectiveRetentionDays()), body.effectiveKeepNewest(),
				body.effectiveDryRun(), Actors.current());
	}

}
