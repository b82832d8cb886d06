package io.opsdeck.cloudfirewall.internal;

import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** When an existing rule already lets a port in from a range, so that the plan does not add it again. */
class RuleCoverageTests {

	@Test
	void awsPermissionsCoverExactPortsRangesAndAllTraffic() {
		IpPermission ssh = IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
			.ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
		IpPermission web = IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(443)
			.ipv6Ranges(Ipv6Range.builder().cidrIpv6("::/0").build()).build();
		IpPermission office = IpPermission.builder().ipProtocol("tcp").fromPort(443).toPort(443)
			.ipRanges(IpRange.builder().cidrIp("203.0.113.0/24").build()).build();
		List<IpPermission> permissions = List.of(ssh, web, office);
		assertThat(AwsFirewallSession.covered(permissions, 22, "0.0.0.0/0")).isTrue();
		assertThat(AwsFirewallSession.covered(permissions, 22, "::/0")).isFalse();
		assertThat(AwsFirewallSession.covered(permissions, 443, "::/0")).isTrue();
		assertThat(AwsFirewallSession.covered(permissions, 443, "0.0.0.0/0")).as("another range").isFalse();
		IpPermission all = IpPermission.builder().ipProtocol("-1")
			.ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
		assertThat(AwsFirewallSession.covered(List.of(all), 443, "0.0.0.0/0")).isTrue();
		IpPermission udp = IpPermission.builder().ipProtocol("udp").fromPort(0).toPort(65535)
			.ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
		assertThat(AwsFirewallSession.covered(List.of(udp), 80, "0.0.0.0/0")).isFalse();
	}

	@Test
	void digitalOceanRulesCoverSinglePortsRangesAndAllPorts() {
		var rules = JsonMapper.builder().build().readTree("""
				[{"protocol":"tcp","ports":"22","sources":{"addresses":["0.0.0.0/0"]}},
				 {"protocol":"tcp","ports":"8000-9000","sources":{"addresses":["::/0"]}},
				 {"protocol":"udp","ports":"0","sources":{"addresses":["0.0.0.0/0"]}},
				 {"protocol":"tcp","ports":"0","sources":{"tags":["web"]}}]""");
		assertThat(DigitalOceanFirewallSession.covered(rules, 22, "0.0.0.0/0")).isTrue();
		assertThat(DigitalOceanFirewallSession.covered(rules, 22, "::/0")).isFalse();
		assertThat(DigitalOceanFirewallSession.covered(rules, 80, "0.0.0.0/0")).as("udp and tags do not count")
			.isFalse();
		assertThat(DigitalOceanFirewallSession.portMatches("0", 443)).isTrue();
		assertThat(DigitalOceanFirewallSession.portMatches("all", 443)).isTrue();
		assertThat(DigitalOceanFirewallSession.portMatches("1-1024", 443)).isTrue();
		assertThat(DigitalOceanFirewallSession.portMatches("8000-9000", 443)).isFalse();
		assertThat(DigitalOceanFirewallSession.portMatches("x", 443)).isFalse();
	}

}
