package io.opsdeck.inventory.web;

import io.opsdeck.inventory.internal.EnvironmentSpec;
import io.opsdeck.inventory.internal.InventoryRules;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/environments} and {@code PUT /api/v1/environments/{name}}, and the environment form:
 * {@code {"name":"staging","kind":"staging","cloudProvider":"aws","region":"us-east-1"}}.
 *
 * @param name unique name, {@code ^[a-z0-9][a-z0-9-]{0,62}$}, not {@code all} or {@code ungrouped} (Ansible's own
 * groups); on PUT it must equal the path (no renames)
 * @param kind {@code development}, {@code staging} or {@code production}
 * @param cloudProvider {@code aws} or {@code digitalocean}
 * @param region e.g. {@code us-east-1} or {@code fra1}
 * @param description optional, at most 500 characters, no control characters but tab and line breaks
 */
public record EnvironmentRequest(
		@NotBlank @Pattern(regexp = InventoryRules.ENVIRONMENT_NAME,
				message = "use lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters") String name,
		@NotBlank @Pattern(regexp = InventoryRules.KIND,
				message = "must be development, staging or production") String kind,
		@NotBlank @Pattern(regexp = InventoryRules.CLOUD_PROVIDER,
				message = "must be aws or digitalocean") String cloudProvider,
		@NotBlank @Pattern(regexp = InventoryRules.REGION,
				message = "must be 1-32 lowercase letters, digits and inner '-', e.g. us-east-1 or fra1") String region,
		@Nullable @Size(max = 500) @Pattern(regexp = InventoryRules.NO_CONTROL_CHARACTERS,
				message = InventoryRules.NO_CONTROL_CHARACTERS_MESSAGE) String description) {

	EnvironmentSpec toSpec() {
		return new EnvironmentSpec(name, kind, cloudProvider, region, description);
	}

}
