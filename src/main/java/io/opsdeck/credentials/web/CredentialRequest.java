package io.opsdeck.credentials.web;

import io.opsdeck.credentials.internal.NewCredential;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/credentials} and the "Add SSH key" form:
 * {@code {"name":"deploy","type":"ssh-key","privateKey":"-----BEGIN OPENSSH PRIVATE KEY-----\n...","passphrase":null}}.
 * {@link #toString()} never prints the key or the passphrase.
 *
 * @param name unique name: lowercase letters, digits, {@code .}, {@code _}, {@code -}; 1 to 63 characters
 * @param type {@code ssh-key} (the default when omitted)
 * @param privateKey the private key text (OpenSSH or PEM)
 * @param passphrase the key's passphrase, if it has one
 */
public record CredentialRequest(
		@NotBlank @Pattern(regexp = NAME,
				message = "use 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit") String name,
		@Nullable @Pattern(regexp = "ssh-key", message = "type must be 'ssh-key'") String type,
		@NotBlank(message = "paste an SSH private key") String privateKey,
		@Nullable @Size(max = 1024, message = "a passphrase is at most 1024 characters") String passphrase) {

	static final String NAME = "^[a-z0-9][a-z0-9._-]{0,62}$";

	NewCredential toNewCredential() {
		return new NewCredential(name, privateKey, passphrase);
	}

	@Override
	public String toString() {
		return "CredentialRequest[name=" + name + ", type=" + type + ", privateKey=(hidden), passphrase=(hidden)]";
	}

}
