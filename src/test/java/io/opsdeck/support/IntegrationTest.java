package io.opsdeck.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port, on an embedded PostgreSQL in a temporary directory made once per test
 * JVM (without fsync), sending e-mail to a local SMTP server ({@link SmtpServer}), with a known admin password ({@link #ADMIN_PASSWORD}) and bootstrap admin token ({@link #ADMIN_TOKEN}).
 * Every test class using exactly this annotation shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "opsdeck.admin-password=" + IntegrationTest.ADMIN_PASSWORD,
				"opsdeck.bootstrap-token=" + IntegrationTest.ADMIN_TOKEN,
				// fsync and synchronous commits off: fast, and a crash only loses a throw-away test cluster
				"opsdeck.embedded-database.durable=false",
				// every finished drill also writes its Markdown report here (docs/drills.md)
				"opsdeck.drills.report-directory=target/dr-reports",
				// test traffic stays on loopback: only servers whose node_exporter a test set up are scraped, often
				"opsdeck.server-metrics.default-enabled=false", "opsdeck.server-metrics.interval=3s",
				// notification retries after 1 s and 4 s, then FAILED (production: 30 s, 2 min, ..., 8 attempts)
				"opsdeck.notifications.retry-initial-delay=1s", "opsdeck.notifications.poll-interval=1s",
				"opsdeck.notifications.max-attempts=3",
				// failed sign-ins and bad tokens from the other tests (all from localhost) never lock each other
				// out by address; throttling tests connect from 127.0.0.126-130 (docs/security.md)
				"opsdeck.login.exempt-addresses=127.0.0.1,0:0:0:0:0:0:0:1" })
@ContextConfiguration(initializers = { TestDataDirectory.class, SmtpServer.class })
public @interface IntegrationTest {

	String ADMIN_PASSWORD = "correct-horse-battery-staple";

	String ADMIN_TOKEN = "odk_test_bootstrap_token_0123456789abcdef";

}
