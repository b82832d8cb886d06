package io.opsdeck.inventory;

/**
 * How Opsdeck reaches a server. {@code SSH} is the normal case. {@code LOCAL} runs on the Opsdeck host itself
 * (Ansible's {@code ansible_connection=local}; SSH actions become local processes run by the login shell of the
 * Opsdeck user): admin-only, off when {@code opsdeck.local-connection.enabled=false}.
 */
public enum Connection {

	SSH, LOCAL

}
