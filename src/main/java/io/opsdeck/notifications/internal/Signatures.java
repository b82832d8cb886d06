package io.opsdeck.notifications.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature (docs/notifications.md, "Verifying the signature"): {@code X-Opsdeck-Signature:
 * sha256=<hex>} where hex is HMAC-SHA256 with the channel's secret over {@code <timestamp>.<raw body>}, and
 * {@code timestamp} is the {@code X-Opsdeck-Timestamp} header (Unix seconds). Signing the timestamp with the body lets
 * a receiver reject replays.
 */
final class Signatures {

	static final String SIGNATURE_HEADER = "X-Opsdeck-Signature";

	static final String TIMESTAMP_HEADER = "X-Opsdeck-Timestamp";

	private Signatures() {
	}

	/**
	 * @param secret the channel's secret
	 * @param timestamp Unix seconds, as sent in {@code X-Opsdeck-Timestamp}
	 * @param body the exact bytes sent
	 * @return {@code sha256=<lowercase hex>}
	 */
	static String sign(byte[] secret, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
