package io.opsdeck.cloudfirewall.internal;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

import org.springframework.stereotype.Component;

/**
 * AWS: an EC2 security group per environment, through AWS SDK v2 with static credentials, the environment's region,
 * the endpoint override if set, the JDK's URL connection client with timeouts and two attempts per call. Nothing is
 * cached, so changed settings apply at once.
 */
@Component
class AwsFirewallDriver implements FirewallDriver {

	private final CloudFirewallProperties properties;

	AwsFirewallDriver(CloudFirewallProperties properties) {
		this.properties = properties;
	}

	@Override
	public String provider() {
		return "aws";
	}

	@Override
	public FirewallSession open(FirewallTarget target) {
		Ec2ClientBuilder builder = Ec2Client.builder()
			.httpClientBuilder(UrlConnectionHttpClient.builder()
				.connectionTimeout(properties.connectTimeout())
				.socketTimeout(properties.readTimeout()))
			.region(Region.of(target.region()))
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(target.accessKeyId(), target.secret())))
			.overrideConfiguration(o -> o.apiCallTimeout(properties.readTimeout().multipliedBy(2))
				.retryStrategy(b -> b.maxAttempts(2)));
		if (target.endpoint() != null) {
			builder.endpointOverride(target.endpoint());
		}
		return new AwsFirewallSession(builder.build(), target);
	}

}
