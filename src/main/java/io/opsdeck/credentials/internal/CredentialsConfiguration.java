package io.opsdeck.credentials.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the master key once the schema is migrated (the repository is created after Flyway has run), so that
 * start-up fails early and clearly when it does not match the stored credentials.
 */
@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

	@Bean
	SecretCipher secretCipher(CredentialsProperties properties, CredentialRepository repository) {
		MasterKey key = new MasterKeyLoader(properties.dataDirectory(), properties.masterKey(), repository::findKeyIds)
			.load();
		return new SecretCipher(key);
	}

	@Bean
	SshKeyParser sshKeyParser() {
		return new SshKeyParser();
	}

}
