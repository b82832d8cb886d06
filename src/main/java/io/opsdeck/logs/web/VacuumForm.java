package io.opsdeck.logs.web;

import org.jspecify.annotations.Nullable;

/**
 * The "Vacuum journal" form of a server's logs page.
 *
 * @param days delete archived journal files whose entries are all older than this many days (1 to 3650, the rule of
 * {@link io.opsdeck.logs.internal.JournalMaintenance#vacuum}); {@code null} when the field did not hold a whole
 * number
 */
record VacuumForm(@Nullable Integer days) {

	static VacuumForm initial() {
		return new VacuumForm(30);
	}

}
