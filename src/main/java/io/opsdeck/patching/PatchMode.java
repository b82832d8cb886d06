package io.opsdeck.patching;

/** Update modes (seed: Security Updates). */
public enum PatchMode {

	SECURITY, FULL, CRITICAL

}
