package io.opsdeck.execution.internal.ansible;

import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.StreamKind;

/**
 * Recognises the lines of {@code ansible-playbook}'s default output that report a failure ({@code fatal: [host]},
 * {@code failed: [host]}, {@code UNREACHABLE!}, {@code ERROR!}), colours stripped: the target of "jump to first
 * failure".
 */
public final class AnsibleFailures {

	private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

	private static final Pattern FAILURE = Pattern.compile("^(fatal|failed): \\[|UNREACHABLE!|^ERROR!");

	private AnsibleFailures() {
	}

	/** @return the detector */
	public static Predicate<OutputLine> detector() {
		return line -> line.stream() != StreamKind.SYSTEM && line.text().length() < 64 * 1024
				&& FAILURE.matcher(ANSI.matcher(line.text()).replaceAll("")).find();
	}

}
