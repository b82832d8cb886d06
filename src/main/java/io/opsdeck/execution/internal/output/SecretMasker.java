package io.opsdeck.execution.internal.output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces every occurrence of a run's secrets in its output lines with {@value #MASK}. Lines are masked whole,
 * after they were assembled from the read buffers, so a secret split across two reads is still found; a line cut at
 * the length limit keeps the end that could start a secret for the next fragment ({@link #safeCut(String)}). Each secret is
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

	/** Each form's UTF-8 bytes, for {@link #mayOccurIn}. */
	private final byte[][] formBytes;

	private SecretMasker(List<String> secrets, List<String> forms) {
		this.secrets = secrets;
		this.forms = forms;
		this.formBytes = forms.stream().map(form -> form.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
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
			forms.add(pythonEscaped(secret));
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

	/**
	 * Whether {@link #mask} could change the line whose ASCII bytes these are, without decoding it: {@code false}
	 * only when no form of a secret occurs in the bytes, and then {@code mask} of the decoded line returns it as it
	 * is (for ASCII every character is its byte, so a form the text contains is a form the bytes contain).
	 * @param ascii bytes that are all ASCII
	 */
	public boolean mayOccurIn(byte[] ascii, int offset, int length) {
		for (byte[] form : formBytes) {
			if (indexOf(ascii, offset, length, form) >= 0) {
				return true;
			}
		}
		return false;
	}

	private static int indexOf(byte[] bytes, int offset, int length, byte[] form) {
		int last = offset + length - form.length;
		if (form.length == 0) {
			return offset;
		}
		byte first = form[0];
		for (int i = offset; i <= last; i++) {
			if (bytes[i] != first) {
				continue;
			}
			int j = 1;
			while (j < form.length && bytes[i + j] == form[j]) {
				j++;
			}
			if (j == form.length) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Where to cut a line fragment that the {@link LineSplitter} wrapped at its length limit: the text before the
	 * cut can be masked and emitted, the rest is held back and put in front of the next fragment, so that a secret
	 * spanning the wrap is still masked whole. Holds back the last (longest form - 1) characters, and more if an
	 * occurrence spans that cut.
	 * @param text a fragment (with what was held back from the previous one in front)
	 * @return an index from 0 to {@code text.length()}
	 */
	public int safeCut(String text) {
		if (forms.isEmpty()) {
			return text.length();
		}
		int longest = forms.get(0).length();
		int cut = Math.max(0, text.length() - (longest - 1));
		int floor = Math.max(0, text.length() - 2 * longest);
		boolean moved = true;
		while (moved && cut > floor) {
			moved = false;
			for (String form : forms) {
				int at = text.indexOf(form, Math.max(0, cut - form.length() + 1));
				if (at >= 0 && at < cut && at + form.length() > cut) {
					cut = at;
					moved = true;
				}
			}
		}
		return cut;
	}

	public boolean isEmpty() {
		return forms.isEmpty();
	}

	/** The secret as Python's repr prints it inside single quotes (Ansible's -vvv and module arguments). */
	static String pythonEscaped(String secret) {
		return secret.replace("\\", "\\\\").replace("'", "\\'");
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
