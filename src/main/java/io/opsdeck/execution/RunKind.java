package io.opsdeck.execution;

import java.util.Locale;

/**
 * What a run executes. API spelling is lower case ({@code ssh}, {@code ansible}).
 */
public enum RunKind {

	/** One command on one or more servers through an in-process SSH client (sshj). */
	SSH,

	/** One playbook through an {@code ansible-playbook} subprocess against a generated inventory. */
	ANSIBLE;

	/** @return the API spelling */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
