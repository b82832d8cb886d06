package io.opsdeck.patching.web;

import java.util.Arrays;
import java.util.List;

import io.opsdeck.patching.PatchMode;
import io.opsdeck.patching.PatchRequest;
import org.jspecify.annotations.Nullable;

/**
 * The "Run security update" form: packages and CVEs are typed as text, separated by spaces, commas or new lines.
 *
 * @param mode {@code security}, {@code full} or {@code critical}
 * @param packages package names
 * @param cves CVE ids
 * @param reboot reboot servers that need it ({@code null}, an unticked box, is {@code false})
 * @param check dry run ({@code null} is {@code false})
 */
record PatchForm(@Nullable String mode, @Nullable String packages, @Nullable String cves, @Nullable Boolean reboot,
		@Nullable Boolean check) {

	/** The empty form: the monthly security update, no reboot, for real. */
	static PatchForm empty() {
		return new PatchForm("security", "", "", false, false);
	}

	/**
	 * @return the request the form stands for (validated by the service)
	 * @throws IllegalArgumentException when the mode is unknown
	 */
	PatchRequest toRequest() {
		return new PatchRequest(PatchMode.fromValue(String.valueOf(mode)), split(packages), split(cves),
				Boolean.TRUE.equals(reboot), Boolean.TRUE.equals(check));
	}

	private static List<String> split(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		return Arrays.stream(text.strip().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
	}

}
