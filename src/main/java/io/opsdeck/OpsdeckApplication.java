package io.opsdeck;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Opsdeck: a control plane that stores servers, environments and credentials, runs Ansible playbooks and
 * SSH commands against them, and streams their output live to the browser.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OpsdeckApplication {

	public static void main(String[] args) {
		SpringApplication.run(OpsdeckApplication.class, args);
	}

}
