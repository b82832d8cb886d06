package io.opsdeck.execution.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of processes Opsdeck starts (ansible-playbook, local commands): an allow-list of the parent's
 * variables, so that Opsdeck's own secrets ({@code OPSDECK_MASTER_KEY}, database passwords, cloud keys) never reach
 * a playbook or a command.
 */
public final class ChildEnvironment {

	private static final List<String> INHERITED = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL",
			"LC_CTYPE", "TZ", "TMPDIR", "SHELL");

	private ChildEnvironment() {
	}

	/**
	 * Replaces a process builder's environment with the allow-listed variables plus {@code extra}.
	 * @param target the builder's environment map, modified in place
	 * @param extra variables to set on top
	 */
	public static void apply(Map<String, String> target, Map<String, String> extra) {
		Map<String, String> parent = new HashMap<>(target);
		target.clear();
		for (String name : INHERITED) {
			String value = parent.get(name);
			if (value != null) {
				target.put(name, value);
			}
		}
		target.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
		target.putIfAbsent("LANG", "C.UTF-8");
		target.putAll(extra);
	}

}
