package io.opsdeck.backups.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.opsdeck.backups.internal.BackupService;
import io.opsdeck.backups.internal.BackupStorageService;
import io.opsdeck.backups.internal.StorageDetails;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ETags;
import io.opsdeck.shared.ExpectedVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/environments/{name}/backup-storage}: read with VIEWER, change with ADMIN (it holds a credential),
 * test with OPERATOR. The secret access key goes in and never comes out.
 */
@RestController
@RequestMapping("/api/v1/environments/{name}/backup-storage")
@Tag(name = "Backups", description = "Backup storage (S3, DigitalOcean Spaces, S3-compatible), backups and Back up now")
class BackupStorageApiController {

	private final BackupStorageService storage;

	private final BackupService backups;

	BackupStorageApiController(BackupStorageService storage, BackupService backups) {
		this.storage = storage;
		this.backups = backups;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "The environment's backup storage",
			description = "Never returns the secret: secretAccessKeySet says whether one is stored. 404 when none is "
					+ "configured. " + ETags.GET_DOC)
	ResponseEntity<BackupStorageView> get(@PathVariable String name) {
		StorageDetails details = storage.get(name);
		return ETags.ok(BackupStorageView.of(details), details.version());
	}

	@PutMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Configure the environment's backup storage",
			description = "Creates or replaces the settings. secretAccessKey is required the first time and when the "
					+ "access key id changes; omitted, the stored secret is kept. " + ETags.PUT_DOC)
	@ApiResponse(responseCode = "200", description = "the settings as stored, with their new ETag")
	@ApiResponse(responseCode = "412", description = ETags.PRECONDITION_FAILED_DOC)
	ResponseEntity<BackupStorageView> put(@PathVariable String name, @Valid @RequestBody BackupStorageRequest request,
			@Parameter(description = ETags.IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) @Nullable String ifMatch) {
		StorageDetails details = storage.save(name, request.toUpdate(), ExpectedVersion.ifMatch(ifMatch));
		return ETags.ok(BackupStorageView.of(details), details.version());
	}

	@DeleteMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Remove the environment's backup storage settings",
			description = "Forgets the settings and the secret; the backups in the bucket are not touched.")
	ResponseEntity<Void> delete(@PathVariable String name) {
		storage.delete(name);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/test")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Test the connection",
			description = "Lists the first page of objects under the prefix. 200 {\"ok\":true,\"objectsSeen\":N}, or a "
					+ "502 problem whose reason is credentials, access-denied, no-such-bucket, unreachable or other.")
	Map<String, Object> test(@PathVariable String name) {
		int seen = backups.test(name);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ok", true);
		body.put("objectsSeen", seen);
		return body;
	}

}
