package io.opsdeck.cloudfirewall.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.opsdeck.cloudfirewall.CloudFirewallException;
import io.opsdeck.cloudfirewall.CloudFirewallException.Reason;
import io.opsdeck.cloudfirewall.FirewallChange;
import io.opsdeck.cloudfirewall.FirewallPlan;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Plans and applies one environment's security group. Plan: {@code DescribeInstances} for the servers' instance ids
 * (their VPC and current groups; all must share one VPC), {@code DescribeSecurityGroups} filtered by
 * {@code group-name} and {@code vpc-id}, then what is missing. Apply: {@code CreateSecurityGroup} in that VPC,
 * {@code AuthorizeSecurityGroupIngress} per missing rule ({@code InvalidPermission.Duplicate} counts as done: someone
 * added it meanwhile), {@code ModifyInstanceAttribute} with the instance's groups plus ours (it replaces the list, so
 * the others are kept by sending them again).
 */
class AwsFirewallSession implements FirewallSession {

	private final Ec2Client ec2;

	private final FirewallTarget target;

	private @Nullable FirewallPlan lastPlan;

	private @Nullable String vpcId;

	private Map<String, List<String>> groupsByInstance = Map.of();

	AwsFirewallSession(Ec2Client ec2, FirewallTarget target) {
		this.ec2 = ec2;
		this.target = target;
	}

	@Override
	public FirewallPlan plan() {
		List<String> notes = new ArrayList<>(target.notes());
		Map<String, Instance> instances = describeInstances();
		Set<String> vpcs = new LinkedHashSet<>();
		instances.values().forEach(i -> vpcs.add(i.vpcId()));
		if (vpcs.size() > 1) {
			throw new CloudFirewallException(Reason.REJECTED, "The servers' instances are in different VPCs " + vpcs
					+ "; one security group can only be attached within one VPC.", null);
		}
		this.vpcId = vpcs.isEmpty() ? null : vpcs.iterator().next();
		SecurityGroup group = findGroup();
		List<FirewallChange> changes = new ArrayList<>();
		if (group == null) {
			changes.add(FirewallChange.createGroup("create security group " + target.groupName()
					+ ((vpcId != null) ? " in " + vpcId : " in the default VPC")));
		}
		for (int port : FirewallRules.PORTS) {
			for (String source : FirewallRules.SOURCES) {
				if (group == null || !covered(group.ipPermissions(), port, source)) {
					changes.add(FirewallChange.addRule(port, source));
				}
			}
		}
		Map<String, List<String>> groups = new LinkedHashMap<>();
		for (FirewallTarget.Instance wanted : target.instances()) {
			List<String> current = instances.get(wanted.instanceId())
				.securityGroups()
				.stream()
				.map(GroupIdentifier::groupId)
				.toList();
			groups.put(wanted.instanceId(), current);
			if (group == null || !current.contains(group.groupId())) {
				changes.add(FirewallChange.attach(wanted.server(), wanted.instanceId()));
			}
		}
		this.groupsByInstance = groups;
		if (target.instances().isEmpty()) {
			notes.add("No server of this environment has a cloud instance id: the group is attached to nothing.");
		}
		this.lastPlan = new FirewallPlan(target.environment(), target.provider(), target.region(), target.groupName(),
				(group != null) ? group.groupId() : null, List.copyOf(changes), List.copyOf(notes));
		return this.lastPlan;
	}

	@Override
	public FirewallPlan apply() {
		FirewallPlan plan = this.lastPlan;
		if (plan == null) {
			throw new IllegalStateException("plan() first");
		}
		String groupId = plan.groupId();
		List<FirewallChange> applied = new ArrayList<>();
		try {
			for (FirewallChange change : plan.changes()) {
				switch (change.action()) {
					case CREATE_GROUP -> groupId = createGroup();
					case ADD_RULE -> authorize(requireGroup(groupId), change.port(), change.source());
					case ATTACH -> attach(requireGroup(groupId), change.instanceId());
				}
				applied.add(change);
			}
		}
		catch (CloudFirewallException ex) {
			throw ex.afterApplying(applied);
		}
		return new FirewallPlan(plan.environment(), plan.provider(), plan.region(), plan.groupName(), groupId,
				List.copyOf(applied), plan.notes());
	}

	private Map<String, Instance> describeInstances() {
		Map<String, Instance> found = new LinkedHashMap<>();
		if (target.instances().isEmpty()) {
			return found;
		}
		List<String> ids = target.instances().stream().map(FirewallTarget.Instance::instanceId).distinct().toList();
		for (Reservation reservation : call("DescribeInstances",
				() -> ec2.describeInstances(b -> b.instanceIds(ids)).reservations())) {
			reservation.instances().forEach(i -> found.put(i.instanceId(), i));
		}
		for (FirewallTarget.Instance wanted : target.instances()) {
			if (!found.containsKey(wanted.instanceId())) {
				throw new CloudFirewallException(Reason.NOT_FOUND, "AWS does not know instance "
						+ wanted.instanceId() + " of server " + wanted.server() + " in " + target.region() + ".",
						null);
			}
		}
		return found;
	}

	private @Nullable SecurityGroup findGroup() {
		List<Filter> filters = new ArrayList<>();
		filters.add(Filter.builder().name("group-name").values(target.groupName()).build());
		if (vpcId != null) {
			filters.add(Filter.builder().name("vpc-id").values(vpcId).build());
		}
		List<SecurityGroup> groups = call("DescribeSecurityGroups",
				() -> ec2.describeSecurityGroups(b -> b.filters(filters)).securityGroups());
		if (groups.size() > 1) {
			throw new CloudFirewallException(Reason.REJECTED, "There are " + groups.size() + " security groups named "
					+ target.groupName() + " in different VPCs; give the servers their instance ids so that Opsdeck"
					+ " knows which VPC is meant.", null);
		}
		return groups.isEmpty() ? null : groups.get(0);
	}

	/** Whether an existing permission already lets TCP {@code port} in from {@code source}. */
	static boolean covered(List<IpPermission> permissions, int port, String source) {
		for (IpPermission permission : permissions) {
			String protocol = permission.ipProtocol();
			boolean all = "-1".equals(protocol);
			boolean tcp = ("tcp".equals(protocol) || "6".equals(protocol)) && permission.fromPort() != null
					&& permission.toPort() != null && permission.fromPort() <= port && port <= permission.toPort();
			if (!all && !tcp) {
				continue;
			}
			boolean fromSource = source.contains(":")
					? permission.ipv6Ranges().stream().map(Ipv6Range::cidrIpv6).anyMatch(source::equals)
					: permission.ipRanges().stream().map(IpRange::cidrIp).anyMatch(source::equals);
			if (fromSource) {
				return true;
			}
		}
		return false;
	}

	private String createGroup() {
		String description = "Opsdeck " + target.environment() + ": SSH, HTTP, HTTPS";
		return call("CreateSecurityGroup", () -> ec2
			.createSecurityGroup(b -> b.groupName(target.groupName()).description(description).vpcId(vpcId))
			.groupId());
	}

	private void authorize(String groupId, @Nullable Integer port, @Nullable String source) {
		IpPermission.Builder permission = IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port);
		if (source != null && source.contains(":")) {
			permission.ipv6Ranges(Ipv6Range.builder().cidrIpv6(source).description("Opsdeck").build());
		}
		else {
			permission.ipRanges(IpRange.builder().cidrIp(source).description("Opsdeck").build());
		}
		try {
			ec2.authorizeSecurityGroupIngress(b -> b.groupId(groupId).ipPermissions(permission.build()));
		}
		catch (SdkException ex) {
			if (!AwsErrors.isCode(ex, AwsErrors.DUPLICATE_PERMISSION)) {
				throw AwsErrors.translate("AuthorizeSecurityGroupIngress", ex);
			}
		}
	}

	private void attach(String groupId, @Nullable String instanceId) {
		List<String> groups = new ArrayList<>(groupsByInstance.getOrDefault(instanceId, List.of()));
		if (groups.contains(groupId)) {
			return;
		}
		groups.add(groupId);
		call("ModifyInstanceAttribute", () -> ec2.modifyInstanceAttribute(b -> b.instanceId(instanceId).groups(groups)));
	}

	private static String requireGroup(@Nullable String groupId) {
		if (groupId == null) {
			throw new IllegalStateException("no group id: the plan did not create the group first");
		}
		return groupId;
	}

	private static <T> T call(String action, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (SdkException ex) {
			throw AwsErrors.translate(action, ex);
		}
	}

	@Override
	public void close() {
		ec2.close();
	}

}
