package io.opsdeck.cloudfirewall.internal;

import java.net.URI;
import java.net.http.HttpClient;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * DigitalOcean: a Cloud Firewall per environment, through the v2 REST API ({@code /v2/firewalls}) with Spring's
 * {@link RestClient} on the JDK HTTP client, the API token as a bearer token, connect and read timeouts.
 */
@Component
class DigitalOceanFirewallDriver implements FirewallDriver {

	private final CloudFirewallProperties properties;

	DigitalOceanFirewallDriver(CloudFirewallProperties properties) {
		this.properties = properties;
	}

	@Override
	public String provider() {
		return "digitalocean";
	}

	@Override
	public FirewallSession open(FirewallTarget target) {
		URI base = (target.endpoint() != null) ? target.endpoint() : properties.digitaloceanEndpoint();
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
		factory.setReadTimeout(properties.readTimeout());
		RestClient client = RestClient.builder()
			.baseUrl(base.toString().replaceAll("/+$", ""))
			.requestFactory(factory)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + target.secret())
			.build();
		return new DigitalOceanFirewallSession(client, target);
	}

}
