package io.opsdeck.credentials.internal;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the master keys come from (docs/inventory-and-credentials.md).
 *
 * @param dataDirectory Opsdeck's data directory ({@code opsdeck.data-directory}, env {@code OPSDECK_DATA_DIR});
 * the generated key file is {@code master.key} in it, previous keys may be in {@code master.key.previous}
 * @param masterKey {@code opsdeck.master-key} (env {@code OPSDECK_MASTER_KEY}): base64 of exactly 32 bytes; when
 * set it wins over the key file. Never printed: {@link #toString()} hides it.
 * @param masterKeyPrevious {@code opsdeck.master-key-previous} (env {@code OPSDECK_MASTER_KEY_PREVIOUS}):
 * comma-separated base64 keys that only decrypt (values not yet re-encrypted under the current key). Never printed.
 * @param masterKeyRotateOnStartup {@code opsdeck.master-key-rotate-on-startup} (env
 * {@code OPSDECK_MASTER_KEY_ROTATE_ON_STARTUP}): re-encrypt every value under the current key once the application
 * is ready, in the background
 */
@ConfigurationProperties("opsdeck")
public record CredentialsProperties(@Nullable Path dataDirectory, @Nullable String masterKey,
		@Nullable String masterKeyPrevious, boolean masterKeyRotateOnStartup) {

	public CredentialsProperties {
		if (dataDirectory == null) {
			dataDirectory = Path.of(System.getProperty("user.home"), ".opsdeck");
		}
		if (masterKey != null && masterKey.isBlank()) {
			masterKey = null;
		}
		if (masterKeyPrevious != null && masterKeyPrevious.isBlank()) {
			masterKeyPrevious = null;
		}
	}

	@Override
	public String toString() {
		return "CredentialsProperties[dataDirectory=" + dataDirectory + ", masterKey="
				+ ((masterKey != null) ? "(set)" : "(unset)") + ", masterKeyPrevious="
				+ ((masterKeyPrevious != null) ? "(set)" : "(unset)") + ", masterKeyRotateOnStartup="
				+ masterKeyRotateOnStartup + "]";
	}

}
