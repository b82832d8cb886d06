package io.opsdeck.patching;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a security update upgrades (seed: Security Updates). JSON, URLs and the playbook's {@code patch_mode}
 * spell it {@code security}, {@code full}, {@code critical}.
 */
public enum PatchMode {

	/** The security pocket only (monthly). */
	SECURITY,
	/** Every package, kernel included: {@code apt-get dist-upgrade} (quarterly). */
	FULL,
	/** Only the named packages, plus pending upgrades that fix one of the named CVEs (immediately). */
	CRITICAL;

	/** @return the API spelling, e.g. {@code security} */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param value API spelling, case-insensitive
	 * @return the mode
	 * @throws IllegalArgumentException for anything else
	 */
	@JsonCreator
	public static PatchMode fromValue(String value) {
		for (PatchMode mode : values()) {
			if (mode.value().equalsIgnoreCase(value)) {
				return mode;
			}
		}
		throw new IllegalArgumentException("mode must be security, full or critical");
	}

}
