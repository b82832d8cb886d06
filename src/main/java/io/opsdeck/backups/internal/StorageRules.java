package io.opsdeck.backups.internal;

import java.net.URI;
import java.util.Locale;

import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The rules for storage settings, as regular expressions for Bean Validation at the edge plus the normalisation
 * and cross-field checks the service applies.
 */
public final class StorageRules {

	/** {@code s3}, {@code spaces} or {@code s3-compatible}. */
	public static final String PROVIDER = "^(s3|spaces|s3-compatible)$";

	/**
	 * S3 general purpose bucket names (AWS "Bucket naming rules"; Spaces' rules are a subset): 3-63 lowercase
	 * letters, digits, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, none of
	 * AWS's reserved prefixes ({@code xn--}, {@code sthree-}, {@code amzn-s3-demo-}) and suffixes
	 * ({@code -s3alias}, {@code --ol-s3}, {@code .mrap}, {@code --x-s3}, {@code --table-s3}).
	 */
	public static final String BUCKET = "^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\\.\\.)(?!(\\d{1,3}\\.){3}\\d{1,3}$)"
			+ "(?!.*(-s3alias|--ol-s3|\\.mrap|--x-s3|--table-s3)$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

	public static final String BUCKET_MESSAGE = "must be a valid bucket name: 3-63 lowercase letters, digits, '.' and "
			+ "'-', starting and ending with a letter or digit, no '..', not an IP address";

	/** A signing region such as {@code us-east-1} or {@code fra1}. */
	public static final String REGION = "^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$";

	/** {@code http(s)://host[:port]} with an optional trailing slash: no user info, path, query or fragment. */
	public static final String ENDPOINT = "^https?://([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])"
			+ "(:[0-9]{1,5})?/?$";

	public static final String ENDPOINT_MESSAGE = "must be an http:// or https:// URL with a host and optional port "
			+ "and nothing else, e.g. https://fra1.digitaloceanspaces.com";

	/**
	 * Key prefix: segments of AWS's "safe" key characters ({@code A-Z a-z 0-9 ! - _ . * ' ( )}) joined by single
	 * slashes; leading and trailing slashes are accepted and removed; no {@code .} or {@code ..} segment.
	 */
	public static final String PREFIX = "^(?!/*(?:[^/]*/)*\\.\\.?(?:/.*)?$)/*([A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*)?/*$";

	public static final String PREFIX_MESSAGE = "must be letters, digits and ! - _ . * ' ( ) in segments separated by "
			+ "single '/', without '.' or '..' segments, e.g. staging or backups/staging";

	/** Access key ids: AWS's are 16-128 letters and digits; others use a few more characters. */
	public static final String ACCESS_KEY_ID = "^[A-Za-z0-9._+/=-]{1,128}$";

	/** Secrets: printable ASCII without spaces. */
	public static final String SECRET = "^[\\x21-\\x7E]*$";

	private StorageRules() {
	}

	/**
	 * @param prefix the prefix as entered, possibly {@code null}
	 * @return it without leading and trailing slashes; empty for {@code null}
	 */
	public static String normalisePrefix(@Nullable String prefix) {
		if (prefix == null) {
			return "";
		}
		int start = 0;
		int end = prefix.length();
		while (start < end && prefix.charAt(start) == '/') {
			start++;
		}
		while (end > start && prefix.charAt(end - 1) == '/') {
			end--;
		}
		return prefix.substring(start, end);
	}

	/**
	 * @param provider the provider
	 * @param endpoint the endpoint as entered (already matching {@link #ENDPOINT}), or {@code null}/blank
	 * @return the endpoint without a trailing slash, lowercased (it has no path), or {@code null}
	 * @throws InvalidInputException (field {@code endpoint}) when an s3-compatible provider has none or the port is
	 * out of range
	 */
	public static @Nullable String normaliseEndpoint(StorageProvider provider, @Nullable String endpoint) {
		if (endpoint == null || endpoint.isBlank()) {
			if (provider == StorageProvider.S3_COMPATIBLE) {
				throw new InvalidInputException("endpoint",
						"an s3-compatible provider needs an endpoint, e.g. https://minio.example.com:9000");
			}
			return null;
		}
		URI uri = URI.create(endpoint);
		if (uri.getPort() > 65535 || uri.getPort() == 0) {
			throw new InvalidInputException("endpoint", "the port must be between 1 and 65535");
		}
		String text = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
		return text.toLowerCase(Locale.ROOT);
	}

}
