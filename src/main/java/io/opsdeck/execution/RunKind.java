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

	/** The API spelling, made once: every row of a runs page asks for it (issue 8, scenario 6). */
	private final String value = name().toLowerCase(Locale.ROOT);

	/** @return the API spelling */
	public String value() {
		return this.value;
	}

}
