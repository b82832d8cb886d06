package io.opsdeck.inventory.internal;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The shapes inventory values must have, shared by the API bodies, the forms and the service.
 */
public final class InventoryRules {

	/** Environment names: used in URLs and as Ansible group names. */
	public static final String ENVIRONMENT_NAME = "^[a-z0-9][a-z0-9-]{0,62}$";

	/** Seed, "Supported Environments". */
	public static final String KIND = "^(development|staging|production)$";

	/** Seed, "Cloud Providers: AWS and DigitalOcean supported". */
	public static final String CLOUD_PROVIDER = "^(aws|digitalocean)$";

	/** e.g. {@code us-east-1}, {@code fra1}: 1-32 of {@code [a-z0-9-]}, no dash at either end. */
	public static final String REGION = "^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$";

	/** Server names become Ansible inventory host names. */
	public static final String SERVER_NAME = "^[a-z0-9][a-z0-9._-]{0,62}$";

	/** POSIX-portable login names as useradd accepts them by default. */
	public static final String USERNAME = "^[a-z_][a-z0-9_.-]{0,31}$";

	/** Roles become Ansible groups. */
	public static final String ROLE = "^[a-z0-9][a-z0-9_-]{0,31}$";

	public static final int MAX_ROLES = 20;

	/** OpenSSH's SHA-256 fingerprint form: 32 bytes in unpadded base64 are 43 characters. */
	public static final String FINGERPRINT = "^SHA256:[A-Za-z0-9+/]{43}$";

	/**
	 * A server's instance id at its cloud provider, for the cloud firewall: an AWS EC2 instance id ({@code i-} and 8
	 * or 17 hex digits) or a DigitalOcean droplet id (a positive integer). Which one is checked against the
	 * environment's provider.
	 */
	public static final String CLOUD_INSTANCE_ID = "^(i-([0-9a-f]{8}|[0-9a-f]{17})|[1-9][0-9]{0,18})$";

	public static final String AWS_INSTANCE_ID = "^i-([0-9a-f]{8}|[0-9a-f]{17})$";

	public static final String DROPLET_ID = "^[1-9][0-9]{0,18}$";

	public static final String CLOUD_INSTANCE_ID_MESSAGE = "must be an EC2 instance id (i-0123456789abcdef0) or a"
			+ " DigitalOcean droplet id (digits)";

	public static final String CONNECTION = "^(ssh|local)$";

	public static final String HOST_KEY_POLICY = "^(strict|trust-on-first-use)$";

	/**
	 * Free text (descriptions, references typed by hand): anything but control characters, except tab, line feed
	 * and carriage return. PostgreSQL cannot store NUL in text at all.
	 */
	public static final String NO_CONTROL_CHARACTERS = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$";

	public static final String NO_CONTROL_CHARACTERS_MESSAGE = "must not contain control characters";

	public static final String NAME_MESSAGE = "use lowercase letters, digits, '.', '_' or '-', starting with a letter"
			+ " or digit, at most 63 characters";

	private static final Pattern CONTROL_CHARACTER = Pattern
		.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

	private InventoryRules() {
	}

	/**
	 * @param value text from a client, or {@code null}
	 * @return whether it holds a character that {@link #NO_CONTROL_CHARACTERS} forbids, e.g. NUL
	 */
	static boolean hasControlCharacters(@Nullable String value) {
		return value != null && CONTROL_CHARACTER.matcher(value).find();
	}

}
