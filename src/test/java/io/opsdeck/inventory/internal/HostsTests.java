package io.opsdeck.inventory.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostsTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "10.0.0.255", "0.0.0.0", "255.255.255.255", "::1", "::", "fe80::1",
			"2001:db8::8a2e:370:7334", "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.1", "1::",
			"localhost", "web-1", "web-1.example.com", "WEB1.Example.COM", "example.com.", "a.b-c.d", "xn--bcher-kva.ch",
			"1password.com", "a123" })
	void accepts(String host) {
		assertThat(Hosts.isValid(host)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "127.0.0.1; rm -rf /", "-oProxyCommand=id", "web 1", "web_1", "$(id)",
			"`id`", "host;reboot", "a..b", ".example.com", "-web.example.com", "web-.example.com", "999.1.1.1",
			"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "[::1]", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", ":::",
			"1::2::3", "12345::", "::ffff:999.0.0.1", "user@host", "host:22", "http://host" })
	void rejects(String host) {
		assertThat(Hosts.isValid(host)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void rejectsOverlongNames() {
		String label = "a".repeat(63);
		assertThat(Hosts.isValid(label)).isTrue();
		assertThat(Hosts.isValid(label + "a")).isFalse();
		assertThat(Hosts.isValid(String.join(".", label, label, label, label))).isFalse();
	}

}
