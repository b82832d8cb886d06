package io.opsdeck.drills;

import java.util.Locale;

/**
 * What a drill restores (seed: Running a DR Drill). API spelling: {@code full}, {@code database-only},
 * {@code validation-only}.
 */
public enum DrillType {

	/** Database and media, then the application is started and health-checked. */
	FULL,
	/** Database only; media is left alone. */
	DATABASE_ONLY,
	/** A dry run: the backup's objects are downloaded and checked; nothing on the server changes. */
	VALIDATION_ONLY;

	/** @return the API spelling */
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * @param value API spelling, case-insensitive
	 * @return the type
	 * @throws IllegalArgumentException for anything else
	 */
	public static DrillType fromValue(String value) {
		for (DrillType type : values()) {
			if (type.value().equalsIgnoreCase(value)) {
				return type;
			}
		}
		throw new IllegalArgumentException("type must be full, database-only or validation-only");
	}

}
