package io.opsdeck.execution.internal.ansible;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Ansible lives.
 *
 * @param directory the Ansible tree (its {@code ansible.cfg}, roles and playbooks); env
 * {@code OPSDECK_ANSIBLE_DIRECTORY}, default {@code ansible} relative to the working directory
 * @param playbookDirectory playbooks a run may name; default {@code <directory>/playbooks}
 * @param executable the {@code ansible-playbook} command, looked up on {@code PATH} unless absolute
 */
@ConfigurationProperties("opsdeck.ansible")
public record AnsibleProperties(@DefaultValue("ansible") Path directory, @Nullable Path playbookDirectory,
		@DefaultValue("ansible-playbook") String executable) {

	/** @return the playbook directory, absolute */
	public Path playbooks() {
		Path base = (playbookDirectory != null) ? playbookDirectory : directory.resolve("playbooks");
		return base.toAbsolutePath().normalize();
	}

	/** @return the Ansible tree, absolute */
	public Path root() {
		return directory.toAbsolutePath().normalize();
	}

}
