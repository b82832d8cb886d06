package io.opsdeck.execution;

/**
 * What to run: the closed set of run kinds. Validated by the web layer for shape and by the run service for meaning
 * (targets exist, the playbook resolves, the actor may use the local connection).
 */
public sealed interface RunRequest permits SshRunRequest, AnsibleRunRequest {

	/** @return the run kind */
	RunKind kind();

	/** @return wall-clock limit in seconds, or {@code null} for the configured default */
	Integer timeoutSeconds();

}
