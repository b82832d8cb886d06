package io.opsdeck.provisioning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.AnsiblePlaybook;
import io.opsdeck.support.ProvisioningTestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code django} role (seed: Django Role, "Application deployment") against a disposable Debian host: it clones
 * a bare git repository inside the host ({@code file://}) into {@code /home/django/django_app} as the application
 * user, writes the {@code .env}, and a second run changes nothing.
 * <p>
 * The host has no Docker Engine. The role's last three tasks ({@code docker compose up}, {@code migrate},
 * creating the admin user) need it, so: a real run stops at "Start the application" (asserted: docker is not
 * there), and a check-mode run goes through the whole role, where Ansible skips those command tasks (it cannot know
 * what a command would change without running it). The role has no switch for tests.
 */
class DjangoRoleIntegrationTests {

	private static final String PLAYBOOK = Path.of("src/test/resources/provisioning-app/django.yml")
		.toAbsolutePath()
		.toString();

	private static final String DB_PASSWORD = "db-Secret-4711";

	private static final String ADMIN_PASSWORD = "admin-Secret-0815";

	private ProvisioningTestHost host;

	private Path work;

	private int runs;

	@BeforeEach
	void startHost() throws Exception {
		assumeTrue(ProvisioningTestHost.isAvailable() && AnsiblePlaybook.isAvailable(),
				"needs root, debootstrap, apt-utils, iproute2, sshd and ansible-playbook (scripts/test.sh installs them)");
		work = Files.createTempDirectory("odj");
		host = ProvisioningTestHost.start(4, work.resolve("h4"));
		// what the common role leaves: the application user, and app_dir with a subdirectory and a first .env
		host.exec("sh", "-ec", """
				useradd --create-home --shell /bin/bash django
				install -d -o django -g django -m 0750 /home/django/django_app /home/django/django_app/media
				printf 'DB_PASSWORD=\\n' > /home/django/django_app/.env
				chown django:django /home/django/django_app/.env
				""");
		// the repository: a bare one inside the host, branch release, owned by the user that clones it (git refuses
		// a repository of another owner: root, who pushes here, lists it in safe.directory)
		host.exec("sh", "-ec", """
				git init --quiet --bare --initial-branch=release /srv/git/app.git
				git config --global --add safe.directory /srv/git/app.git
				git init --quiet --initial-branch=release /tmp/src
				cd /tmp/src
				printf 'services:\\n  django:\\n    build: .\\n    env_file: .env\\n' > compose.prod.yml
				printf 'print("manage")\\n' > manage.py
				git add .
				git -c user.name=test -c user.email=test@example.test commit --quiet -m first
				git push --quiet /srv/git/app.git release
				chown -R django:django /srv/git/app.git
				""");
	}

	@AfterEach
	void stopHost() {
		if (host != null) {
			host.close();
		}
		if (work != null) {
			// the run directories (inventories, extra vars with the test's secrets); close() removed the host's
			FileSystemUtils.deleteRecursively(work.toFile());
		}
	}

	@Test
	void checksOutTheBranchWritesTheEnvAndASecondRunChangesNothing() throws Exception {
		AnsiblePlaybook.Result first = run(vars());
		// no Docker Engine here: the run gets as far as docker compose, which is not installed
		assertStopsAtDockerCompose(first);
		assertThat(recap(first, "changed")).as(first.output()).isEqualTo(4); // git init, remote, checkout, .env
		assertThat(first.output()).doesNotContain(DB_PASSWORD).doesNotContain(ADMIN_PASSWORD);

		Path app = host.root().resolve("home/django/django_app");
		assertThat(app.resolve("compose.prod.yml")).exists();
		assertThat(app.resolve("media")).as("the common role's directory stays").isDirectory();
		assertThat(git("rev-parse", "HEAD")).isEqualTo(bareHead());
		assertThat(git("rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("release");
		assertThat(git("status", "--porcelain", "--untracked-files=no")).isEmpty();

		Path env = app.resolve(".env");
		assertThat(Files.readAllLines(env)).contains("DB_PASSWORD='" + DB_PASSWORD + "'",
				"POSTGRES_PASSWORD='" + DB_PASSWORD + "'", "DOMAIN_NAME='app.example.test'",
				"ALLOWED_HOSTS='app.example.test'", "DJANGO_ENV='staging'", "DEBUG='False'", "REDIS_URL='redis://redis:6379/0'")
			.noneMatch(line -> line.contains(ADMIN_PASSWORD));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
		assertThat(Files.getAttribute(env, "unix:uid")).isEqualTo(Integer.parseInt(uid("django")));
		assertThat(git("ls-files").lines()).as("checked out as the application user")
			.allMatch(file -> ownerUid(app.resolve(file)) == Integer.parseInt(uid("django")));

		AnsiblePlaybook.Result second = run(vars());
		assertStopsAtDockerCompose(second);
		assertThat(recap(second, "changed")).as("the tasks that run here change nothing the second time: " + second.output())
			.isZero();

		// a new commit on the branch: only the checkout changes
		host.exec("sh", "-ec", """
				cd /tmp/src
				printf 'print("manage v2")\\n' > manage.py
				git -c user.name=test -c user.email=test@example.test commit --quiet -am second
				git push --quiet /srv/git/app.git release
				chown -R django:django /srv/git/app.git
				""");
		AnsiblePlaybook.Result update = run(vars());
		assertStopsAtDockerCompose(update);
		assertThat(recap(update, "changed")).isEqualTo(1);
		assertThat(git("rev-parse", "HEAD")).isEqualTo(bareHead());
		assertThat(update.output()).contains("docker compose -f compose.prod.yml up -d --remove-orphans --build");

		// check mode: every task runs; the three that need Docker are command tasks, which check mode skips
		AnsiblePlaybook.Result check = run(vars(), "--check");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(recap(check, "changed")).as(check.output()).isZero();
		for (String task : List.of("Start the application", "Apply the database migrations", "Create the admin user")) {
			assertThat(check.output()).as(task).containsPattern("TASK \\[django : " + task + "\\] \\**\\s+skipping: \\[p4\\]");
		}
	}

	@Test
	void withoutARepositoryItDeploysNothingAndWithoutTheUserItSaysSo() throws Exception {
		Map<String, Object> empty = vars();
		empty.put("git_repo_url", "");
		AnsiblePlaybook.Result nothing = run(empty);
		assertThat(nothing.exitCode()).as(nothing.output()).isZero();
		assertThat(nothing.output()).contains("git_repo_url is empty: the django role deploys nothing");
		assertThat(recap(nothing, "changed")).isZero();
		assertThat(host.root().resolve("home/django/django_app/.git")).doesNotExist();

		Map<String, Object> otherUser = vars();
		otherUser.put("app_user", "webapp");
		otherUser.put("app_dir", "/home/webapp/django_app");
		AnsiblePlaybook.Result check = run(otherUser, "--check");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("check mode: user 'webapp' does not exist yet (the common role creates it)");
		AnsiblePlaybook.Result real = run(otherUser);
		assertThat(real.exitCode()).isNotZero();
		assertThat(real.output()).contains("user 'webapp' does not exist on this server: provision the common tag first");

		Map<String, Object> noPassword = vars();
		noPassword.put("db_password", "");
		AnsiblePlaybook.Result refused = run(noPassword);
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.output()).contains("the django role needs an absolute app_dir, domain_name (DOMAIN_NAME) and "
				+ "db_password (DB_PASSWORD)");
	}

	private Map<String, Object> vars() {
		Map<String, Object> vars = new HashMap<>();
		vars.put("deploy_env", "staging");
		vars.put("cloud_provider", "digitalocean");
		vars.put("domain_name", "app.example.test");
		vars.put("db_password", DB_PASSWORD);
		vars.put("git_repo_url", "file:///srv/git/app.git");
		vars.put("git_branch", "release");
		vars.put("django_admin_user", "admin");
		vars.put("django_admin_password", ADMIN_PASSWORD);
		vars.put("django_admin_email", "admin@example.test");
		vars.put("env_extra", Map.of("REDIS_URL", "redis://redis:6379/0"));
		return vars;
	}

	private AnsiblePlaybook.Result run(Map<String, Object> vars, String... arguments) throws Exception {
		// short: ssh's ControlPath (in this directory) must stay under 108 bytes
		Path runDirectory = Files.createDirectories(work.resolve("r" + runs++));
		return AnsiblePlaybook.run(PLAYBOOK, Map.of(host.name(), host.inventoryVars()), host.knownHosts(), vars,
				runDirectory, arguments);
	}

	private static void assertStopsAtDockerCompose(AnsiblePlaybook.Result result) {
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).as(result.output())
			.containsPattern("TASK \\[django : Start the application\\] \\**\\s+fatal: \\[p4\\]: FAILED!.*No such file or "
					+ "directory: b'docker'");
		assertThat(recap(result, "failed")).isEqualTo(1);
	}

	private static int recap(AnsiblePlaybook.Result result, String counter) {
		Matcher matcher = Pattern.compile("p4\\s+:.*\\b" + counter + "=(\\d+)").matcher(result.output());
		assertThat(matcher.find()).as(result.output()).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private String git(String... arguments) {
		List<String> command = new ArrayList<>(
				List.of("runuser", "-u", "django", "--", "git", "-C", "/home/django/django_app"));
		command.addAll(List.of(arguments));
		return host.exec(command.toArray(String[]::new)).strip();
	}

	private String bareHead() {
		return host.exec("git", "--git-dir=/srv/git/app.git", "rev-parse", "release").strip();
	}

	private String uid(String user) {
		return host.exec("id", "-u", user).strip();
	}

	private static int ownerUid(Path file) {
		try {
			return (Integer) Files.getAttribute(file, "unix:uid");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
