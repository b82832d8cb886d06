package io.opsdeck.execution.internal.output;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces every occurrence of a run's secrets in its output lines with {@value #MASK}. Lines are masked whole,
 * after they were assembled from the read buffers, so a secret split across two reads is still found. Each secret is
 * also masked in the forms tools print it in: JSON-escaped (Ansible's debug output), and line by line when it spans
 * several lines. Longer forms are replaced first so a secret containing another is masked entirely.
 */
public final class SecretMasker {

	/** What a secret becomes in the output. */
	public static final String MASK = "********";

	/** Shortest secret (or part of a multi-line secret) that is masked; shorter text would wreck the output. */
	public static final int MIN_LENGTH = 4;

	private static final SecretMasker NONE = new SecretMasker(List.of(), List.of());

	private final List<String> secrets;

	private final List<String> forms;

	private SecretMasker(List<String> secrets, List<String> forms) {
		this.secrets = secrets;
		this.forms = forms;
	}

	/**
	 * @param secrets values to hide; values shorter than {@value #MIN_LENGTH} characters are ignored (callers refuse
	 * them up front)
	 * @return a masker for them
	 */
	public static SecretMasker of(Collection<String> secrets) {
		List<String> originals = new ArrayList<>();
		Set<String> forms = new LinkedHashSet<>();
		for (String secret : secrets) {
			if (secret == null || secret.length() < MIN_LENGTH) {
				continue;
			}
			originals.add(secret);
			forms.add(secret);
			forms.add(jsonEscaped(secret));
			for (String part : secret.split("[\\r\\n\\t]+")) {
				if (part.length() >= MIN_LENGTH) {
					forms.add(part);
				}
			}
		}
		List<String> ordered = new ArrayList<>(forms);
		ordered.removeIf(Objects::isNull);
		ordered.sort(Comparator.comparingInt(String::length).reversed());
		return ordered.isEmpty() ? NONE : new SecretMasker(List.copyOf(originals), List.copyOf(ordered));
	}

	public static SecretMasker none() {
		return NONE;
	}

	/** @return a masker for these secrets and the given ones */
	public SecretMasker with(Collection<String> more) {
		List<String> all = new ArrayList<>(secrets);
		all.addAll(more);
		return of(all);
	}

	/** @return the text with every secret replaced */
	public String mask(String text) {
		String result = text;
		for (String form : forms) {
			if (result.contains(form)) {
				result = result.replace(form, MASK);
			}
		}
		return result;
	}

	public boolean isEmpty() {
		return forms.isEmpty();
	}

	/** The secret as it appears inside a JSON string (without the quotes). */
	static String jsonEscaped(String secret) {
		StringBuilder out = new StringBuilder(secret.length() + 8);
		for (char c : secret.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
