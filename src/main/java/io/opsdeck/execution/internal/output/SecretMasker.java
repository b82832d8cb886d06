package io.opsdeck.execution.internal.output;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces every occurrence of a run's secrets in its output lines with {@value #MASK}. Lines are masked whole,
 * after they were assembled from the read buffers, so a secret split across two reads is still found. Longer
 * secrets are replaced first so a secret containing another is masked entirely.
 */
public final class SecretMasker {

	/** What a secret becomes in the output. */
	public static final String MASK = "********";

	private static final SecretMasker NONE = new SecretMasker(List.of());

	private final List<String> secrets;

	private SecretMasker(List<String> secrets) {
		this.secrets = secrets;
	}

	/**
	 * @param secrets values to hide; blank values are ignored
	 * @return a masker for them
	 */
	public static SecretMasker of(Collection<String> secrets) {
		List<String> usable = secrets.stream()
			.filter(Objects::nonNull)
			.filter(secret -> !secret.isBlank())
			.distinct()
			.sorted(Comparator.comparingInt(String::length).reversed())
			.toList();
		return usable.isEmpty() ? NONE : new SecretMasker(usable);
	}

	public static SecretMasker none() {
		return NONE;
	}

	/** @return the text with every secret replaced */
	public String mask(String text) {
		String result = text;
		for (String secret : secrets) {
			if (result.contains(secret)) {
				result = result.replace(secret, MASK);
			}
		}
		return result;
	}

	public boolean isEmpty() {
		return secrets.isEmpty();
	}

}
