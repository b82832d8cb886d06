package io.opsdeck.credentials.web;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.internal.NewCredential;
import io.opsdeck.credentials.internal.NewSecret;
import io.opsdeck.shared.InvalidInputException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/credentials} and the "Add SSH key" / "Add secret" forms. An SSH key:
 * {@code {"name":"deploy","type":"ssh-key","privateKey":"-----BEGIN OPENSSH PRIVATE KEY-----\n...","passphrase":null}};
 * a secret (password, API token): {@code {"name":"db-password","type":"secret","value":"..."}}.
 * {@link #toString()} never prints the key, the passphrase or the value.
 *
 * @param name unique name: lowercase letters, digits, {@code .}, {@code _}, {@code -}; 1 to 63 characters
 * @param type {@code ssh-key} (the default when omitted) or {@code secret}
 * @param privateKey the private key text (OpenSSH or PEM); required for {@code ssh-key}
 * @param passphrase the key's passphrase, if it has one
 * @param value the secret; required for {@code secret}: one line of 8 to 4096 characters
 */
public record CredentialRequest(
		@NotBlank @Pattern(regexp = NAME,
				message = "use 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit") String name,
		@Nullable @Pattern(regexp = "ssh-key|secret", message = "type must be 'ssh-key' or 'secret'") String type,
		@Nullable String privateKey,
		@Nullable @Size(max = 1024, message = "a passphrase is at most 1024 characters") String passphrase,
		@Nullable String value) {

	static final String NAME = "^[a-z0-9][a-z0-9._-]{0,62}$";

	boolean isSecret() {
		return CredentialSummary.SECRET.equals(type);
	}

	/** @throws InvalidInputException on {@code privateKey} when it is missing */
	NewCredential toNewCredential() {
		if (privateKey == null || privateKey.isBlank()) {
			throw new InvalidInputException("privateKey", "paste an SSH private key");
		}
		return new NewCredential(name, privateKey, passphrase);
	}

	/** @throws InvalidInputException on {@code privateKey} or {@code passphrase} when they are given too */
	NewSecret toNewSecret() {
		if (privateKey != null && !privateKey.isEmpty()) {
			throw new InvalidInputException("privateKey", "a secret has a value, not a private key");
		}
		if (passphrase != null && !passphrase.isEmpty()) {
			throw new InvalidInputException("passphrase", "a secret has a value, not a passphrase");
		}
		return new NewSecret(name, (value != null) ? value : "");
	}

	@Override
	public String toString() {
		return "CredentialRequest[name=" + name + ", type=" + type
				+ ", privateKey=(hidden), passphrase=(hidden), value=(hidden)]";
	}

}
