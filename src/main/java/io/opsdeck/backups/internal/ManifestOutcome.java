package io.opsdeck.backups.internal;

import io.opsdeck.backups.Manifest;

/** What became of a backup's {@code manifest.json}: absent, read, or present but unusable. */
sealed interface ManifestOutcome {

	/** The folder has no {@code manifest.json}. */
	record Missing() implements ManifestOutcome {
	}

	/** The manifest was read and parses. */
	record Read(Manifest manifest) implements ManifestOutcome {
	}

	/** The manifest exists but could not be used; {@code reason} completes "manifest.json cannot be used: ...". */
	record Unusable(String reason) implements ManifestOutcome {
	}

}
