package io.opsdeck.execution.internal.ansible;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.opsdeck.execution.internal.HostResult;
import io.opsdeck.support.AnsiblePlaybook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The two callback plugins a run gets ({@code opsdeck_stats}, {@code opsdeck_events}), copied into a real
 * {@link AnsibleWorkspace} and enabled the way {@link AnsibleRunExecutor} enables them, under the real
 * {@code ansible-playbook} on two local-connection hosts: the recap file that {@link AnsibleStats} reads (counts, the
 * first failure message, no temporary file left beside it) and the per-host tag recap lines.
 */
class CallbackPluginsTests {

	private static final String PLAYBOOK = """
			- name: Callback plugins
			  hosts: all
			  gather_facts: false
			  tasks:
			    - name: Say hello
			      ansible.builtin.debug:
			        msg: hello
			    - name: Change something
			      ansible.builtin.command: "true"
			      tags: [config]
			    - name: Tolerated failure
			      ansible.builtin.command: "false"
			      ignore_errors: true
			    - name: Only on beta
			      ansible.builtin.fail:
			        msg: disk full
			      when: inventory_hostname == 'beta'
			""";

	@TempDir
	Path data;

	@Test
	void theRecapFileHoldsEachHostsCountsAndFirstFailureAndTheEventsPluginPrintsTagRecaps() throws Exception {
		assumeTrue(AnsiblePlaybook.isAvailable(), "needs ansible-playbook");
		try (AnsibleWorkspace workspace = new AnsibleWorkspace(data)) {
			Path inventory = workspace.writePrivate("inventory.yml", """
					all:
					  hosts:
					    alpha: {ansible_connection: local, ansible_python_interpreter: "{{ ansible_playbook_python }}"}
					    beta: {ansible_connection: local, ansible_python_interpreter: "{{ ansible_playbook_python }}"}
					""");
			Path playbook = workspace.writePrivate("playbook.yml", PLAYBOOK);

			ProcessBuilder builder = new ProcessBuilder("ansible-playbook", "-i", inventory.toString(),
					playbook.toString())
				.redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
			Map<String, String> env = builder.environment();
			env.put("ANSIBLE_CONFIG", Path.of("ansible/ansible.cfg").toAbsolutePath().toString());
			env.put("ANSIBLE_CALLBACK_PLUGINS", workspace.callbackPlugins().toString());
			env.put("ANSIBLE_CALLBACKS_ENABLED", String.join(",", AnsibleWorkspace.CALLBACKS));
			env.put("OPSDECK_STATS_FILE", workspace.statsFile().toString());
			env.put("ANSIBLE_LOCAL_TEMP", workspace.localTemp().toString());
			env.put("ANSIBLE_NOCOLOR", "1");
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

			assertThat(process.exitValue()).as(output).isEqualTo(2);
			Map<String, AnsibleStats.HostStats> stats = AnsibleStats.read(workspace.statsFile());
			assertThat(stats).containsOnlyKeys("alpha", "beta");
			assertThat(stats.get("alpha").counters()).isEqualTo(new HostResult.Counters(3, 2, 0, 0, 1, 0, 1));
			assertThat(stats.get("alpha").message()).isNull();
			assertThat(stats.get("beta").counters()).isEqualTo(new HostResult.Counters(3, 2, 1, 0, 0, 0, 1));
			assertThat(stats.get("beta").message()).isEqualTo("Only on beta: disk full");
			try (Stream<Path> files = Files.list(workspace.root())) {
				assertThat(files.map(f -> f.getFileName().toString()))
					.as("the recap is written through a temporary file that is renamed")
					.noneMatch(name -> name.startsWith(".opsdeck-stats-"));
			}

			List<String> recaps = output.lines()
				.filter(line -> line.startsWith("OPSDECK-EVENT ") && line.contains("\"tag-recap\""))
				.toList();
			assertThat(recaps).hasSize(2);
			assertThat(recaps.get(0)).contains("\"host\": \"alpha\"")
				.contains("\"config\": {\"changed\": 1, \"changedTasks\": [\"Change something\"], \"failed\": 0");
			assertThat(recaps.get(1)).contains("\"host\": \"beta\"")
				.contains("\"untagged\": {\"changed\": 0, \"changedTasks\": [], \"failed\": 1");
		}
	}

	@Test
	void theEventsPluginPrintsAnEventAndEachEventOfAListInOrderButNothingOfAFailedItem() throws Exception {
		assumeTrue(AnsiblePlaybook.isAvailable(), "needs ansible-playbook");
		try (AnsibleWorkspace workspace = new AnsibleWorkspace(data)) {
			Path inventory = workspace.writePrivate("inventory.yml", """
					all:
					  hosts:
					    alpha: {ansible_connection: local, ansible_python_interpreter: "{{ ansible_playbook_python }}"}
					""");
			Path playbook = workspace.writePrivate("playbook.yml", """
					- name: Events
					  hosts: all
					  gather_facts: false
					  tasks:
					    - name: One event
					      ansible.builtin.set_fact:
					        opsdeck_event: {type: step, step: one, event: start}
					    - name: Several events in one item, then a failing item
					      ansible.builtin.set_fact:
					        opsdeck_events: "{{ item.events | default([{'type': 'never'}]) }}"
					      loop:
					        - events: [{type: check, n: 1}, {type: metric, n: 2}, {type: step, n: 3}]
					        - fail_msg: broken
					      failed_when: item.fail_msg is defined
					""");
			ProcessBuilder builder = new ProcessBuilder("ansible-playbook", "-i", inventory.toString(),
					playbook.toString())
				.redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
			Map<String, String> env = builder.environment();
			env.put("ANSIBLE_CONFIG", Path.of("ansible/ansible.cfg").toAbsolutePath().toString());
			env.put("ANSIBLE_CALLBACK_PLUGINS", workspace.callbackPlugins().toString());
			env.put("ANSIBLE_CALLBACKS_ENABLED", String.join(",", AnsibleWorkspace.CALLBACKS));
			env.put("OPSDECK_STATS_FILE", workspace.statsFile().toString());
			env.put("ANSIBLE_LOCAL_TEMP", workspace.localTemp().toString());
			env.put("ANSIBLE_NOCOLOR", "1");
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

			assertThat(process.exitValue()).as(output).isEqualTo(2);
			assertThat(output.lines().filter(line -> line.startsWith("OPSDECK-EVENT ") && !line.contains("tag-recap")))
				.as(output)
				.containsExactly("OPSDECK-EVENT {\"event\": \"start\", \"step\": \"one\", \"type\": \"step\"}",
						"OPSDECK-EVENT {\"n\": 1, \"type\": \"check\"}", "OPSDECK-EVENT {\"n\": 2, \"type\": \"metric\"}",
						"OPSDECK-EVENT {\"n\": 3, \"type\": \"step\"}");
		}
	}

}
