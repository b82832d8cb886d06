package io.opsdeck.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.opsdeck.support.AnsiblePlaybook;
import io.opsdeck.support.ProvisioningTestHost;
import io.opsdeck.support.SshKeygen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code ansible/playbooks/provision.yml} (roles common, docker, ssl, monitoring) with the real ansible-playbook
 * over real SSH against disposable Debian bookworm hosts ({@link ProvisioningTestHost}: a debootstrap'd root holding
 * the roles' packages, in its own network namespace) and checks what it did in the hosts' files.
 * <p>
 * What such a host can and cannot show, and how each part is verified:
 * <ul>
 * <li>For real, with a second run reporting {@code changed=0}: tags {@code common}, {@code security}, {@code ssl} and
 * {@code monitoring}: sshd hardening (checked with {@code sshd -T}), UFW (the host's namespace has its own netfilter
 * tables: {@code ufw status} and {@code iptables -S} there), fail2ban and unattended-upgrades configuration, the
 * application user, directories and permissions, the deploy key, the {@code .env} file, journald retention, the
 * Caddyfile (validated by {@code caddy validate} on the host), node_exporter's configuration and unit alias.</li>
 * <li>Services: no systemd runs in the host (PID 1 is the test machine's, not systemd; {@code systemd-nspawn} cannot
 * boot here), so its sessions have {@code SYSTEMD_OFFLINE=1}: enabling a unit happens for real (the symlinks are
 * checked), starting, restarting and reloading are ignored by systemctl and Ansible's systemd module warns "Target is
 * a chroot or systemd is offline" (checked). Whether fail2ban, Caddy, node_exporter and journald actually (re)start
 * is not verified here.</li>
 * <li>Check mode only: tag {@code docker} and Promtail, because Docker's and Grafana's apt repositories cannot be
 * reached from the host (no network; download.docker.com is not reachable from this machine either) and the Docker
 * Engine cannot run in a chroot. Their signing keys are served by the test on the host's veth peer (the roles'
 * repository URL variables, which exist for mirrors), so the check-mode run reaches every task up to the package
 * installation, which check mode skips while the repository is not there yet.</li>
 * </ul>
 * Hosts 0-3 of the provisioning testbed are this class's.
 */
class ProvisionPlaybookTests {

	private static final String PLAYBOOK = "provision.yml";

	private static final String REAL_TAGS = "common,security,ssl,monitoring";

	private final List<ProvisioningTestHost> hosts = new ArrayList<>();

	private HttpServer http;

	@TempDir
	Path temp;

	@BeforeAll
	static void buildBase() {
		assumeTrue(ProvisioningTestHost.isAvailable() && AnsiblePlaybook.isAvailable(),
				"needs root, debootstrap, apt-utils, iproute2, sshd and ansible-playbook");
		ProvisioningTestHost.buildBase();
	}

	@AfterEach
	void stop() {
		this.hosts.forEach(ProvisioningTestHost::close);
		if (this.http != null) {
			this.http.stop(0);
		}
	}

	@Test
	void provisionsProductionAndDevelopmentForRealAndASecondRunChangesNothing() throws IOException {
		ProvisioningTestHost production = host(0);
		ProvisioningTestHost development = host(1);
		SshKeygen.Key deployKey = SshKeygen.generate(this.temp, "deploy", "ed25519", 0, null, "");
		String dbPassword = "db-" + UUID.randomUUID();
		Map<String, Map<String, Object>> inventory = new LinkedHashMap<>();
		// production logs in as a sudo user, so root login can go entirely; development logs in as root, which keeps
		// key-only root login (the role refuses PermitRootLogin no for a root login: see refusesToLockOutARootLogin)
		Map<String, Object> productionLogin = new LinkedHashMap<>(production.inventoryVars());
		productionLogin.put("ansible_user", addSudoUser(production, "ops"));
		inventory.put(production.name(), with(productionLogin, Map.of("deploy_env", "production",
				"github_actions_ssh_key", deployKey.publicKey() + " github-actions")));
		inventory.put(development.name(), with(development.inventoryVars(),
				Map.of("deploy_env", "development", "ssh_permit_root_login", "prohibit-password")));
		Map<String, Object> extraVars = Map.of("cloud_provider", "aws", "domain_name", "app.example.test", "ssl_email",
				"ops@example.test", "db_password", dbPassword, "env_extra", Map.of("REDIS_URL", "redis://redis:6379/0"));
		Path knownHosts = ProvisioningTestHost.knownHosts(this.temp.resolve("known_hosts"), production, development);

		// --diff shows what each template changed: the .env task's no_log must hide it
		AnsiblePlaybook.Result first = AnsiblePlaybook.run(PLAYBOOK, inventory, knownHosts, extraVars, this.temp,
				"--tags", REAL_TAGS, "--diff");

		assertThat(first.exitCode()).as(first.output()).isZero();
		assertThat(changed(first, "p0")).as(first.output()).isPositive();
		assertThat(first.output()).doesNotContain(dbPassword)
			.contains("+SystemMaxUse=1G") // other templates' diffs are shown, the .env's is not
			.doesNotContain("DJANGO_ENV=")
			// no systemd in the host: units are enabled for real, (re)starts are ignored, and Ansible says so
			.contains("Target is a chroot or systemd is offline");
		assertProduction(production, deployKey, dbPassword);
		assertDevelopment(development);

		// the .env is a template written once: what CI or the django role wrote later stays
		Path env = production.root().resolve("home/django/django_app/.env");
		Files.writeString(env, "ADDED_BY_CI=1\n", StandardOpenOption.APPEND);

		AnsiblePlaybook.Result second = AnsiblePlaybook.run(PLAYBOOK, inventory, knownHosts, extraVars, this.temp,
				"--tags", REAL_TAGS);

		assertThat(second.exitCode()).as(second.output()).isZero();
		assertThat(changed(second, "p0")).as(second.output()).isZero();
		assertThat(changed(second, "p1")).as(second.output()).isZero();
		assertThat(second.output()).doesNotContain(dbPassword);
		assertThat(Files.readString(env)).endsWith("ADDED_BY_CI=1\n");
		assertThat(mode(env)).isEqualTo("rw-------");
	}

	private void assertProduction(ProvisioningTestHost host, SshKeygen.Key deployKey, String dbPassword)
			throws IOException {
		Path root = host.root();
		// security: SSH hardening as sshd itself reads its configuration (drop-in first, so it wins)
		String sshd = host.exec("/usr/sbin/sshd", "-T", "-f", "/etc/ssh/sshd_config");
		assertThat(sshd).contains("permitrootlogin no", "passwordauthentication no", "kbdinteractiveauthentication no",
				"x11forwarding no", "maxauthtries 3", "allowtcpforwarding no");
		// UFW in the host's own network stack: active, 22/80/443 open, everything else dropped
		String ufw = host.execInNamespace("ufw", "status", "verbose");
		assertThat(ufw).contains("Status: active", "Default: deny (incoming)");
		assertThat(ufw.lines().filter(l -> l.contains("ALLOW IN") && !l.contains("(v6)")).map(l -> l.split("\\s+")[0]))
			.containsExactly("22/tcp", "80/tcp", "443/tcp");
		assertThat(host.execInNamespace("iptables", "-S")).contains("-P INPUT DROP", "--dport 443 -j ACCEPT");
		assertThat(Files.readString(root.resolve("etc/fail2ban/jail.local"))).contains("bantime = 1h",
				"maxretry = 3", "backend = systemd", "[sshd]\nenabled = true");
		assertEnabled(root, "fail2ban");
		assertThat(Files.readString(root.resolve("etc/apt/apt.conf.d/20auto-upgrades")))
			.contains("APT::Periodic::Unattended-Upgrade \"1\";");
		// common: user, directories, deploy key, .env, journald
		int uid = uid(root, "django");
		assertThat(host.exec("getent", "passwd", "django")).contains(":/home/django:/bin/bash");
		for (String dir : List.of("home/django", "home/django/django_app", "home/django/django_app/media",
				"home/django/django_app/static", "home/django/django_app/backups")) {
			assertThat(mode(root.resolve(dir))).as(dir).isEqualTo("rwxr-x---");
			assertThat(Files.getAttribute(root.resolve(dir), "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(dir)
				.isEqualTo(uid);
		}
		Path authorizedKeys = root.resolve("home/django/.ssh/authorized_keys");
		assertThat(Files.readString(authorizedKeys)).contains(deployKey.publicKey() + " github-actions");
		assertThat(mode(authorizedKeys)).isEqualTo("rw-------");
		assertThat(mode(authorizedKeys.getParent())).isEqualTo("rwx------");
		assertThat(Files.getAttribute(authorizedKeys, "unix:uid")).isEqualTo(uid);
		Path env = root.resolve("home/django/django_app/.env");
		assertThat(mode(env)).isEqualTo("rw-------");
		assertThat(Files.getAttribute(env, "unix:uid")).isEqualTo(uid);
		assertThat(Files.readString(env)).contains("DJANGO_ENV=production\n", "DEBUG=False\n",
				"DOMAIN_NAME=app.example.test\n", "DB_PASSWORD=" + dbPassword + "\n", "REDIS_URL=redis://redis:6379/0\n");
		assertThat(Files.readString(root.resolve("etc/systemd/journald.conf.d/opsdeck.conf"))).contains("[Journal]",
				"SystemMaxUse=1G\n", "SystemMaxFileSize=100M\n", "MaxRetentionSec=7day\n");
		// ssl: the Caddyfile, valid for the Caddy on the host
		String caddyfile = Files.readString(root.resolve("etc/caddy/Caddyfile"));
		assertThat(caddyfile).contains("email ops@example.test", "app.example.test {", "reverse_proxy localhost:8000",
				"Strict-Transport-Security", "root * /home/django/django_app/static")
			.doesNotContain("acme_ca", "local_certs");
		assertThat(host.exec("caddy", "validate", "--adapter", "caddyfile", "--config", "/etc/caddy/Caddyfile"))
			.contains("Valid configuration");
		assertThat(host.exec("id", "-nG", "caddy")).contains("django");
		assertEnabled(root, "caddy");
		// monitoring: node_exporter on 9100, reachable as node_exporter.service too
		assertThat(Files.readString(root.resolve("etc/default/prometheus-node-exporter")))
			.contains("ARGS=\"--web.listen-address=0.0.0.0:9100 --collector.systemd\"");
		assertThat(Files.readSymbolicLink(root.resolve("etc/systemd/system/node_exporter.service")))
			.isEqualTo(Path.of("/lib/systemd/system/prometheus-node-exporter.service"));
		assertEnabled(root, "prometheus-node-exporter");
	}

	private void assertDevelopment(ProvisioningTestHost host) throws IOException {
		Path root = host.root();
		// minimal security: SSH hardening and UFW, no fail2ban, no automatic updates
		assertThat(host.exec("/usr/sbin/sshd", "-T", "-f", "/etc/ssh/sshd_config")).contains(
				"permitrootlogin without-password", "passwordauthentication no", "maxauthtries 6",
				"allowtcpforwarding yes");
		assertThat(host.execInNamespace("ufw", "status")).contains("Status: active");
		assertThat(root.resolve("etc/fail2ban/jail.local")).doesNotExist();
		assertThat(Files.readString(root.resolve("etc/apt/apt.conf.d/20auto-upgrades")))
			.contains("APT::Periodic::Unattended-Upgrade \"0\";", "APT::Periodic::Update-Package-Lists \"0\";");
		// no deploy key given: none authorized
		assertThat(root.resolve("home/django/.ssh/authorized_keys")).doesNotExist();
		assertThat(Files.readString(root.resolve("home/django/django_app/.env"))).contains("DJANGO_ENV=development\n",
				"DEBUG=True\n");
		// Caddy's own CA instead of Let's Encrypt, no HSTS
		assertThat(Files.readString(root.resolve("etc/caddy/Caddyfile"))).contains("local_certs")
			.doesNotContain("Strict-Transport-Security");
	}

	@Test
	void checkModeRunsEveryRoleIncludingDockerAndPromtailAndChangesNothing() throws IOException {
		ProvisioningTestHost host = host(2);
		// Docker's and Grafana's apt repositories are out of reach: their signing keys come from here instead
		List<String> requests = new CopyOnWriteArrayList<>();
		this.http = HttpServer.create(new InetSocketAddress(host.peerAddress(), 0), 0);
		this.http.createContext("/", exchange -> {
			requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
			byte[] body = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n".getBytes();
			exchange.sendResponseHeaders(200, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
			if (!"HEAD".equals(exchange.getRequestMethod())) {
				exchange.getResponseBody().write(body);
			}
			exchange.close();
		});
		this.http.start();
		String mirror = "http://" + host.peerAddress() + ":" + this.http.getAddress().getPort();
		String dbPassword = "db-" + UUID.randomUUID();
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("deploy_env", "staging");
		vars.put("cloud_provider", "digitalocean");
		vars.put("ssh_permit_root_login", "prohibit-password"); // the test logs in as root
		vars.put("domain_name", "staging.example.test");
		vars.put("ssl_email", "ops@example.test");
		vars.put("db_password", dbPassword);
		vars.put("docker_apt_repository_url", mirror + "/linux/debian");
		vars.put("promtail_enabled", true);
		vars.put("promtail_loki_url", "https://loki.example.test/loki/api/v1/push");
		vars.put("promtail_apt_repository_url", mirror + "/grafana");

		AnsiblePlaybook.Result result = AnsiblePlaybook.run(PLAYBOOK, Map.of(host.name(), host.inventoryVars()),
				host.knownHosts(), vars, this.temp, "--check", "--tags", "common,security,docker,ssl,monitoring");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(changed(result, "p2")).as(result.output()).isPositive();
		assertThat(result.output()).doesNotContain(dbPassword)
			.contains("TASK [docker : Add Docker's apt repository]", "TASK [docker : Configure the Docker daemon",
					"TASK [monitoring : Configure Promtail (journal to Loki)]");
		assertThat(taskStatus(result, "docker : Add Docker's apt repository")).isEqualTo("changed");
		assertThat(taskStatus(result, "docker : Configure the Docker daemon (journald log driver)"))
			.isEqualTo("changed");
		// check mode cannot know the packages of a repository it did not add: the installation is skipped
		assertThat(taskStatus(result, "docker : Install Docker Engine and the compose plugin")).isEqualTo("skipping");
		assertThat(taskStatus(result, "common : Harden sshd")).isEqualTo("changed");
		assertThat(taskStatus(result, "common : Enable UFW, denying other incoming traffic")).isEqualTo("changed");
		assertThat(requests).contains("HEAD /linux/debian/gpg", "HEAD /grafana/gpg.key");
		// nothing was changed on the host
		Path root = host.root();
		assertThat(root.resolve("etc/ssh/sshd_config.d/00-opsdeck-hardening.conf")).doesNotExist();
		assertThat(root.resolve("home/django")).doesNotExist();
		assertThat(root.resolve("etc/systemd/journald.conf.d/opsdeck.conf")).doesNotExist();
		assertThat(root.resolve("etc/apt/keyrings/docker.asc")).doesNotExist();
		assertThat(root.resolve("etc/apt/sources.list.d/docker.list")).doesNotExist();
		assertThat(root.resolve("etc/docker/daemon.json")).doesNotExist();
		assertThat(root.resolve("etc/promtail/config.yml")).doesNotExist();
		assertThat(root.resolve("etc/fail2ban/jail.local")).doesNotExist();
		assertThat(Files.readString(root.resolve("etc/caddy/Caddyfile"))).doesNotContain("staging.example.test");
		assertThat(host.execInNamespace("ufw", "status")).contains("Status: inactive");
	}

	@Test
	void refusesToLockOutARootLogin() {
		ProvisioningTestHost host = host(3);

		AnsiblePlaybook.Result result = AnsiblePlaybook.run(PLAYBOOK, Map.of(host.name(), host.inventoryVars()),
				host.knownHosts(), Map.of("deploy_env", "staging", "cloud_provider", "aws"), this.temp, "--tags",
				"security");

		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("This run logs in as root, and PermitRootLogin no would refuse that login")
			.contains("ssh_permit_root_login=prohibit-password");
		assertThat(changed(result, "p3")).isZero();
		assertThat(host.root().resolve("etc/ssh/sshd_config.d/00-opsdeck-hardening.conf")).doesNotExist();
	}

	@Test
	void refusesAnUnknownEnvironmentBeforeChangingAnything() {
		ProvisioningTestHost host = host(3);

		AnsiblePlaybook.Result result = AnsiblePlaybook.run(PLAYBOOK, Map.of(host.name(), host.inventoryVars()),
				host.knownHosts(), Map.of("deploy_env", "qa", "cloud_provider", "aws"), this.temp);

		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("deploy_env must be development, staging or production")
			.contains("(got qa / aws)");
		assertThat(changed(result, "p3")).isZero();
		assertThat(host.root().resolve("home/django")).doesNotExist();
	}

	@Test
	void theSslRoleNeedsTheDomainAndTheEmail() {
		ProvisioningTestHost host = host(3);

		AnsiblePlaybook.Result result = AnsiblePlaybook.run(PLAYBOOK, Map.of(host.name(), host.inventoryVars()),
				host.knownHosts(), Map.of("deploy_env", "staging", "cloud_provider", "aws"), this.temp, "--tags", "ssl");

		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("the ssl role needs domain_name (DOMAIN_NAME) and ssl_email (SSL_EMAIL)");
	}

	private ProvisioningTestHost host(int index) {
		ProvisioningTestHost host = ProvisioningTestHost.start(index, this.temp.resolve("host" + index));
		this.hosts.add(host);
		return host;
	}

	/**
	 * Adds a login user with passwordless sudo and root's authorized key, as an admin would on a fresh droplet.
	 * @return its name
	 */
	private static String addSudoUser(ProvisioningTestHost host, String user) throws IOException {
		host.exec("useradd", "--create-home", "--shell", "/bin/bash", user);
		host.exec("usermod", "--password", "*", user); // no password, not locked: sshd without PAM refuses a locked one
		Path sudoers = host.root().resolve("etc/sudoers.d/" + user);
		Files.writeString(sudoers, user + " ALL=(ALL) NOPASSWD:ALL\n");
		Files.setPosixFilePermissions(sudoers, java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
		host.exec("install", "-d", "-m", "0700", "-o", user, "-g", user, "/home/" + user + "/.ssh");
		host.exec("install", "-m", "0600", "-o", user, "-g", user, "/root/.ssh/authorized_keys",
				"/home/" + user + "/.ssh/authorized_keys");
		return user;
	}

	private static Map<String, Object> with(Map<String, Object> vars, Map<String, Object> more) {
		Map<String, Object> all = new LinkedHashMap<>(vars);
		all.putAll(more);
		return all;
	}

	/** @return the host's {@code changed=} count from the play recap */
	private static int changed(AnsiblePlaybook.Result result, String host) {
		Matcher m = Pattern.compile("(?m)^" + host + "\\s+:\\s+ok=\\d+\\s+changed=(\\d+)").matcher(result.output());
		assertThat(m.find()).as("recap of " + host + " in\n" + result.output()).isTrue();
		return Integer.parseInt(m.group(1));
	}

	/** @return ok, changed, skipping or fatal: the first result line after the task's header */
	private static String taskStatus(AnsiblePlaybook.Result result, String task) {
		int start = result.output().indexOf("TASK [" + task + "]");
		assertThat(start).as(task + " in\n" + result.output()).isNotNegative();
		Matcher m = Pattern.compile("(?m)^(ok|changed|skipping|fatal):").matcher(result.output());
		assertThat(m.find(start)).as(task).isTrue();
		return m.group(1);
	}

	/** The unit's symlink in multi-user.target.wants (absolute: it points into the host's root, not the test's). */
	private static void assertEnabled(Path root, String unit) {
		Path link = root.resolve("etc/systemd/system/multi-user.target.wants/" + unit + ".service");
		assertThat(Files.isSymbolicLink(link)).as(unit + " enabled").isTrue();
		try {
			Path target = Files.readSymbolicLink(link);
			assertThat(root.resolve(target.toString().substring(1))).as(unit + " unit file").isRegularFile();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String mode(Path path) {
		try {
			return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int uid(Path root, String user) throws IOException {
		return Files.readAllLines(root.resolve("etc/passwd"))
			.stream()
			.filter(l -> l.startsWith(user + ":"))
			.map(l -> Integer.parseInt(l.split(":")[2]))
			.findFirst()
			.orElseThrow();
	}

}
