package io.opsdeck.execution.internal.ansible;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.opsdeck.shared.InvalidInputException;

/**
 * Extra vars as Ansible reads them from {@code -e @file}: a YAML flow mapping in which every string, and every key
 * below the top level, carries the {@code !unsafe} tag, so Jinja never evaluates text a user typed
 * ({@code {{ lookup('pipe', 'id') }}} stays those characters). Names are checked so a run cannot override connection
 * variables ({@code ansible_ssh_common_args} could otherwise run a command on the Opsdeck host).
 */
public final class ExtraVars {

	/** Largest extra vars document accepted, in bytes of YAML. */
	public static final int MAX_BYTES = 64 * 1024;

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

	private static final Set<String> RESERVED = Set.of("hostvars", "groups", "group_names", "inventory_hostname",
			"inventory_hostname_short", "inventory_dir", "inventory_file", "playbook_dir", "play_hosts", "omit",
			"vars", "role_name", "role_path", "environment");

	private static final int MAX_DEPTH = 10;

	private ExtraVars() {
	}

	/**
	 * Checks variable names and values of a request.
	 * @param field the request field, for the error ({@code extraVars} or {@code secretExtraVars})
	 * @param vars the variables
	 * @throws InvalidInputException naming {@code field.name} for a reserved or malformed name or an unsupported value
	 */
	public static void validate(String field, Map<String, ?> vars) {
		for (Map.Entry<String, ?> entry : vars.entrySet()) {
			String name = entry.getKey();
			if (!NAME.matcher(name).matches()) {
				throw new InvalidInputException(field + "." + name,
						"variable names are letters, digits and underscores, not starting with a digit, at most 64 characters");
			}
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.startsWith("ansible_") || lower.startsWith("opsdeck_") || RESERVED.contains(lower)) {
				throw new InvalidInputException(field + "." + name, "'" + name
						+ "' is reserved: connection and magic variables (ansible_*, opsdeck_*, hostvars, ...) cannot be set as extra vars");
			}
			checkValue(field + "." + name, entry.getValue(), 1);
		}
	}

	private static void checkValue(String field, Object value, int depth) {
		if (depth > MAX_DEPTH) {
			throw new InvalidInputException(field, "values may nest at most " + MAX_DEPTH + " levels");
		}
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
			return;
		}
		if (value instanceof List<?> list) {
			list.forEach(item -> checkValue(field, item, depth + 1));
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.values().forEach(item -> checkValue(field, item, depth + 1));
			return;
		}
		throw new InvalidInputException(field, "unsupported value type");
	}

	/**
	 * @param vars validated variables; later maps win on equal names
	 * @return the YAML document
	 * @throws InvalidInputException (field {@code extraVars}) when the document exceeds {@link #MAX_BYTES}
	 */
	@SafeVarargs
	public static String toYaml(Map<String, ?>... vars) {
		StringBuilder yaml = new StringBuilder("{");
		boolean first = true;
		java.util.LinkedHashMap<String, Object> merged = new java.util.LinkedHashMap<>();
		for (Map<String, ?> map : vars) {
			merged.putAll(map);
		}
		for (Map.Entry<String, Object> entry : merged.entrySet()) {
			if (!first) {
				yaml.append(", ");
			}
			first = false;
			quote(yaml, entry.getKey());
			yaml.append(": ");
			value(yaml, entry.getValue());
		}
		yaml.append("}\n");
		if (yaml.length() > MAX_BYTES) {
			throw new InvalidInputException("extraVars", "extra vars may be at most " + MAX_BYTES + " bytes");
		}
		return yaml.toString();
	}

	private static void value(StringBuilder yaml, Object value) {
		if (value == null) {
			yaml.append("null");
		}
		else if (value instanceof Boolean bool) {
			yaml.append(bool ? "true" : "false");
		}
		else if (value instanceof Number number) {
			number(yaml, number);
		}
		else if (value instanceof String text) {
			yaml.append("!unsafe ");
			quote(yaml, text);
		}
		else if (value instanceof List<?> list) {
			yaml.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					yaml.append(", ");
				}
				value(yaml, list.get(i));
			}
			yaml.append(']');
		}
		else if (value instanceof Map<?, ?> map) {
			yaml.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					yaml.append(", ");
				}
				first = false;
				yaml.append("!unsafe ");
				quote(yaml, String.valueOf(entry.getKey()));
				yaml.append(": ");
				value(yaml, entry.getValue());
			}
			yaml.append('}');
		}
		else {
			throw new IllegalArgumentException("unsupported extra var value: " + value.getClass().getName());
		}
	}

	private static void number(StringBuilder yaml, Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
				|| number instanceof java.math.BigInteger) {
			yaml.append(number);
			return;
		}
		BigDecimal decimal = new BigDecimal(number.toString());
		String plain = decimal.toPlainString();
		yaml.append(plain.contains(".") ? plain : plain + ".0");
	}

	/** Appends a YAML double-quoted scalar; escapes what YAML does not allow raw. */
	static void quote(StringBuilder yaml, String text) {
		yaml.append('"');
		text.codePoints().forEach(cp -> {
			switch (cp) {
				case '"' -> yaml.append("\\\"");
				case '\\' -> yaml.append("\\\\");
				case '\n' -> yaml.append("\\n");
				case '\r' -> yaml.append("\\r");
				case '\t' -> yaml.append("\\t");
				default -> {
					if (printable(cp)) {
						yaml.appendCodePoint(cp);
					}
					else if (cp <= 0xFFFF) {
						yaml.append(String.format("\\u%04X", cp));
					}
					else {
						yaml.append(String.format("\\U%08X", cp));
					}
				}
			}
		});
		yaml.append('"');
	}

	/** YAML 1.1 printable characters (what PyYAML accepts unescaped). */
	private static boolean printable(int cp) {
		return (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 || (cp >= 0xA0 && cp <= 0xD7FF)
				|| (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF) || (cp >= 0x10000 && cp <= 0x10FFFF);
	}

}
