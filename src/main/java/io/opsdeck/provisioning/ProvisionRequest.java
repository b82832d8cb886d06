package io.opsdeck.provisioning;

import java.util.List;

import io.opsdeck.shared.StrictFields;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/servers/{id}/provision}: {@code {"tags":["security"],"check":false}}.
 *
 * @param tags tags of {@code provision.yml} to run (see {@link ProvisionTags#ALL}); empty or absent: all of them
 * @param check dry run ({@code ansible-playbook --check}): reports what would change, changes nothing; absent:
 * {@code false}
 */
@StrictFields
public record ProvisionRequest(
		@Schema(description = "tags to run; empty or absent: all", example = "[\"security\"]") @Nullable List<String> tags,
		@Schema(description = "check mode (dry run); absent: false") @Nullable Boolean check) {

	public ProvisionRequest {
		check = (check != null) ? check : Boolean.FALSE;
		tags = (tags != null) ? java.util.Collections.unmodifiableList(new java.util.ArrayList<>(tags)) : List.of();
	}

}
