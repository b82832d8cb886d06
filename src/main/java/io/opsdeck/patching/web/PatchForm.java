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
 * @param reboot reboot servers that need it
 * @param check dry run
 */
record PatchForm(String mode, @Nullable String packages, @Nullable String cves, boolean reboot, boolean check) {

	/**
	 * @return the request the form stands for (validated by the service)
	 * @throws IllegalArgumentException when the mode is unknown
	 */
	PatchRequest toRequest() {
		return new PatchRequest(PatchMode.fromValue(mode), split(packages), split(cves), reboot, check);
	}

	private static List<String> split(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		return Arrays.stream(text.strip().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
	}

}
