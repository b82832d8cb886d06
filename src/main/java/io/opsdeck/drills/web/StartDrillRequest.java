package io.opsdeck.drills.web;

import io.opsdeck.shared.StrictFields;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/drills}: {@code {"environment":"staging","type":"full","backupTimestamp":"2025-11-07-120000"}}.
 *
 * @param environment environment name
 * @param type {@code full}, {@code database-only} or {@code validation-only} (seed: Running a DR Drill)
 * @param backupTimestamp the backup to restore, {@code YYYY-MM-DD-HHMMSS}; absent: the newest
 */
@StrictFields
public record StartDrillRequest(@NotBlank @Size(max = 63) String environment,
		@NotBlank @Pattern(regexp = "^(full|database-only|validation-only)$",
				message = "must be full, database-only or validation-only") String type,
		@Nullable @Pattern(regexp = "^\\d{4}-\\d{2}-\\d{2}-\\d{6}$",
				message = "must be a backup timestamp YYYY-MM-DD-HHMMSS, e.g. 2025-11-07-120000") String backupTimestamp) {
}
