package io.opsdeck.credentials.internal;

import java.util.List;

import io.opsdeck.credentials.SealedColumn;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Loads the master keys once the schema is migrated (the repository is created after Flyway has run), so that
 * start-up fails early and clearly when they do not open the stored values.
 */
@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

	/** Sealed values made before key ids were embedded that the start-up check tries to open, per column. */
	private static final int LEGACY_CHECK_LIMIT = 1000;

	@Bean
	EncryptedValues encryptedValues(JdbcClient jdbc, ObjectProvider<SealedColumn> columns,
			CredentialRepository repository) {
		return new EncryptedValues(jdbc, columns.orderedStream().toList());
	}

	@Bean
	SecretCipher secretCipher(CredentialsProperties properties, EncryptedValues values) {
		MasterKeyring keys = new MasterKeyLoader(properties.dataDirectory(), properties.masterKey(),
				properties.masterKeyPrevious(), values::storedKeyIds)
			.load();
		SecretCipher cipher = new SecretCipher(keys);
		checkLegacy(cipher, values);
		return cipher;
	}

	@Bean
	MasterKeyRotation masterKeyRotation(SecretCipher cipher, EncryptedValues values,
			PlatformTransactionManager transactionManager, CredentialsProperties properties) {
		return new MasterKeyRotation(cipher, values, transactionManager, properties.masterKeyRotateOnStartup());
	}

	@Bean
	SshKeyParser sshKeyParser() {
		return new SshKeyParser();
	}

	/**
	 * Sealed values made before key ids were embedded name no key: refuse to start unless some key of the ring opens
	 * them, rather than fail the runs, notifications and backups that need them later.
	 */
	private static void checkLegacy(SecretCipher cipher, EncryptedValues values) {
		for (SealedColumn column : values.columns()) {
			List<EncryptedValues.SealedRow> rows = values.legacySealed(column, LEGACY_CHECK_LIMIT);
			long unreadable = rows.stream().filter(row -> !opens(cipher, row)).count();
			if (unreadable > 0) {
				throw new IllegalStateException("Wrong master key: " + unreadable + " values in "
						+ column.qualifiedName() + " were sealed (before key ids were recorded) with a master key that"
						+ " is neither the current key " + cipher.keyId() + " nor a previous key "
						+ cipher.keyring().previousIds() + ". Configure the original key (OPSDECK_MASTER_KEY), or add"
						+ " it as a previous key (OPSDECK_MASTER_KEY_PREVIOUS).");
			}
		}
	}

	private static boolean opens(SecretCipher cipher, EncryptedValues.SealedRow row) {
		try {
			java.util.Arrays.fill(cipher.decrypt(row.value(), MasterKeySealer.associatedData(row.context())), (byte) 0);
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

}
