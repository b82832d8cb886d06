package io.opsdeck.inventory;

/**
 * What to do with a server's SSH host key. {@code STRICT}: the offered key must match the stored fingerprint, and a
 * server without one cannot be reached. {@code TRUST_ON_FIRST_USE}: with no stored fingerprint, the first key
 * offered is recorded, and from then on the server behaves as {@code STRICT}. API spelling: {@code strict},
 * {@code trust-on-first-use}.
 */
public enum HostKeyPolicy {

	STRICT("strict"), TRUST_ON_FIRST_USE("trust-on-first-use");

	private final String value;

	HostKeyPolicy(String value) {
		this.value = value;
	}

	/** @return the API spelling */
	public String value() {
		return this.value;
	}

	/**
	 * @param value API spelling, case-insensitive; underscores accepted for dashes
	 * @return the policy
	 * @throws IllegalArgumentException for anything else
	 */
	public static HostKeyPolicy fromValue(String value) {
		for (HostKeyPolicy policy : values()) {
			if (policy.value.equalsIgnoreCase(value.replace('_', '-'))) {
				return policy;
			}
		}
		throw new IllegalArgumentException("host key policy must be 'strict' or 'trust-on-first-use'");
	}

}
