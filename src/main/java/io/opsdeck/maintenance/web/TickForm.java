package io.opsdeck.maintenance.web;

import org.jspecify.annotations.Nullable;

/**
 * The "Done" form of a checklist row. A refused one (a note too long or not one line) re-renders the page with the
 * note as typed under that row; the page knows the row by {@code failedRow} ({@code "<item>:<environment>"}, the
 * environment empty for a team-wide item).
 *
 * @param environment the row's environment; {@code null} for a team-wide item
 * @param note what was done, at most 500 characters on one line (ChecklistService's rule); optional
 * @param filter the page's environment filter, kept after the tick
 */
record TickForm(@Nullable String environment, @Nullable String note, @Nullable String filter) {

	/** @return the key the page marks the refused row with */
	static String row(String item, @Nullable String environment) {
		return item + ":" + ((environment != null) ? environment : "");
	}

}
