package io.opsdeck.cloudfirewall.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opsdeck.cloudfirewall.CloudFirewallException;
import io.opsdeck.cloudfirewall.CloudFirewalls;
import io.opsdeck.cloudfirewall.FirewallPlan;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Plans and applies environments' cloud firewalls: reads the settings, the servers' instance ids and the secret
 * credential, and hands them to the provider's driver. Logs what an apply changed (never the secret).
 */
@Service
class CloudFirewallService implements CloudFirewalls {

	private static final Logger log = LoggerFactory.getLogger(CloudFirewallService.class);

	private final FirewallSettingsService settings;

	private final Inventory inventory;

	private final Credentials credentials;

	private final Map<String, FirewallDriver> drivers;

	CloudFirewallService(FirewallSettingsService settings, Inventory inventory, Credentials credentials,
			List<FirewallDriver> drivers) {
		this.settings = settings;
		this.inventory = inventory;
		this.credentials = credentials;
		this.drivers = drivers.stream().collect(Collectors.toMap(FirewallDriver::provider, Function.identity()));
	}

	@Override
	public FirewallPlan plan(String environment) {
		FirewallTarget target = target(environment);
		try (FirewallSession session = driver(target).open(target)) {
			return session.plan();
		}
	}

	@Override
	public FirewallPlan apply(String environment) {
		FirewallTarget target = target(environment);
		try (FirewallSession session = driver(target).open(target)) {
			FirewallPlan plan;
			try {
				plan = session.plan();
			}
			catch (CloudFirewallException ex) {
				throw ex.afterApplying(List.of());
			}
			if (plan.inSync()) {
				return plan;
			}
			log.info("Applying the cloud firewall {} of environment {} ({}): {} changes", target.groupName(),
					environment, target.provider(), plan.changes().size());
			FirewallPlan applied = session.apply();
			log.info("Applied the cloud firewall {} ({}) of environment {}: {}", target.groupName(), applied.groupId(),
					environment, applied.changes().stream().map(c -> c.description()).toList());
			return applied;
		}
	}

	private FirewallDriver driver(FirewallTarget target) {
		FirewallDriver driver = drivers.get(target.provider());
		if (driver == null) {
			throw new ConflictException("no cloud firewall for provider " + target.provider());
		}
		return driver;
	}

	private FirewallTarget target(String environment) {
		FirewallSettingsDetails details = settings.get(environment);
		boolean aws = "aws".equals(details.provider());
		if (aws && details.accessKeyId() == null) {
			throw new ConflictException("environment '" + environment + "' is now on AWS but its cloud firewall"
					+ " settings have no access key id; save them again");
		}
		List<FirewallTarget.Instance> instances = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		for (ServerTarget server : inventory.serversOf(environment)) {
			String id = server.cloudInstanceId();
			if (id == null) {
				notes.add("Server " + server.name() + " has no cloud instance id: not attached.");
			}
			else if (aws != id.startsWith("i-")) {
				notes.add("Server " + server.name() + " has instance id " + id + ", which is not "
						+ (aws ? "an EC2 instance id" : "a droplet id") + ": not attached.");
			}
			else {
				instances.add(new FirewallTarget.Instance(server.name(), id));
			}
		}
		String secret;
		try {
			secret = credentials.revealSecret(details.credentialId());
		}
		catch (NotFoundException ex) {
			throw new ConflictException("the secret credential of the cloud firewall of '" + environment
					+ "' was deleted; choose another in its settings");
		}
		return new FirewallTarget(environment, details.provider(), details.region(), details.groupName(),
				aws ? details.accessKeyId() : null, secret, FirewallSettingsService.endpoint(details),
				List.copyOf(instances), List.copyOf(notes));
	}

}
