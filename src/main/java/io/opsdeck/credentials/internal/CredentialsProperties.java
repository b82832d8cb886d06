package io.opsdeck.credentials.internal;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the master key comes from.
 *
 * @param dataDirectory Opsdeck's data directory ({@code opsdeck.data-directory}, env {@code OPSDECK_DATA_DIR});
 * the generated key file is {@code master.key} in it
 * @param masterKey {@code opsdeck.master-key} (env {@code OPSDECK_MASTER_KEY}): base64 of exactly 32 bytes; when
 * set it wins over the key file. Never printed: {@link #toString()} hides it.
 */
@ConfigurationProperties("opsdeck")
public record CredentialsProperties(@Nullable Path dataDirectory, @Nullable String masterKey) {

	public CredentialsProperties {
		if (dataDirectory == null) {
			dataDirectory = Path.of(System.getProperty("user.home"), ".opsdeck");
		}
		if (masterKey != null && masterKey.isBlank()) {
			masterKey = null;
		}
	}

	@Override
	public String toString() {
		return "CredentialsProperties[dataDirectory=" + dataDirectory + ", masterKey="
				+ ((masterKey != null) ? "(set)" : "(unset)") + "]";
	}

}
