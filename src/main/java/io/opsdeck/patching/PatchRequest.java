package io.opsdeck.patching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.opsdeck.shared.StrictFields;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What a security update should do: the body of {@code POST /api/v1/environments/{name}/security-updates}, e.g.
 * {@code {"mode":"critical","packages":["openssl"],"cves":["CVE-2024-12345"],"reboot":false,"check":true}}. The
 * service checks it again (schedules call it without the web layer), including the rule that a {@code critical}
 * update names at least one package or CVE.
 *
 * @param mode what to upgrade
 * @param packages Debian package names for {@code critical} (policy manual 5.6.7: lower case letters, digits,
 * {@code + - .}, at least two characters, starting with a letter or digit); at most 200
 * @param cves CVE ids ({@code CVE-2024-12345}) for {@code critical}; at most 200
 * @param reboot reboot servers that need it after upgrading (rolling, health-checked)
 * @param check dry run ({@code ansible-playbook --check}): nothing is upgraded or rebooted, the pending updates and
 * reboot state are still reported and stored
 */
@StrictFields
public record PatchRequest(@NotNull(message = "must be security, full or critical") PatchMode mode,
		@Size(max = 200) List<@NotNull @Pattern(regexp = PACKAGE_NAME,
				message = "must be a Debian package name: lower case letters, digits, '+', '-' and '.', starting with a letter or digit") String> packages,
		@Size(max = 200) List<@NotNull @Pattern(regexp = CVE_ID,
				message = "must be a CVE id like CVE-2024-12345") String> cves,
		boolean reboot, boolean check) {

	/** Debian package name syntax (policy manual 5.6.7), at most 128 characters. */
	public static final String PACKAGE_NAME = "^[a-z0-9][a-z0-9+.-]{1,127}$";

	/** A CVE id: {@code CVE-YYYY-NNNN} with four or more digits in the sequence number. */
	public static final String CVE_ID = "^CVE-\\d{4}-\\d{4,19}$";

	public PatchRequest {
		// not List.copyOf: a null element must reach Bean Validation as a field error, not fail here
		packages = (packages != null) ? Collections.unmodifiableList(new ArrayList<>(packages)) : List.of();
		cves = (cves != null) ? Collections.unmodifiableList(new ArrayList<>(cves)) : List.of();
	}

	/**
	 * The JSON form: {@code reboot} and {@code check} may be left out (false), as may the lists (empty).
	 * @return the request
	 */
	@JsonCreator
	static PatchRequest json(@JsonProperty("mode") PatchMode mode, @JsonProperty("packages") List<String> packages,
			@JsonProperty("cves") List<String> cves, @JsonProperty("reboot") @Nullable Boolean reboot,
			@JsonProperty("check") @Nullable Boolean check) {
		return new PatchRequest(mode, packages, cves, Boolean.TRUE.equals(reboot), Boolean.TRUE.equals(check));
	}

	/** @return a request of one mode with no package or CVE, no reboot and no dry run */
	public static PatchRequest of(PatchMode mode) {
		return new PatchRequest(mode, List.of(), List.of(), false, false);
	}

}
