package io.opsdeck.execution.internal;

import io.opsdeck.credentials.SealedColumn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares {@code runs.secret_parameters}, the secret extra vars of a queued or running run (RunService seals them,
 * RunWorker opens them, the run's end clears them), as sealed with the master key, so that a master-key rotation
 * re-encrypts it (docs/inventory-and-credentials.md, "Rotating the master key").
 */
@Configuration(proxyBeanMethods = false)
class RunSecretsColumn {

	@Bean
	SealedColumn runsSealedColumn() {
		return new SealedColumn("runs", "id", "secret_parameters", "run:", "id");
	}

}
