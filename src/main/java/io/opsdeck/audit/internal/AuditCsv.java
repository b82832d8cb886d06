package io.opsdeck.audit.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * CSV lines for the audit export (RFC 4180): a cell with a comma, a quote, a line break or spaces at its ends is
 * quoted, quotes doubled. A cell that a spreadsheet would take for a formula (starting with {@code =}, {@code +},
 * {@code -}, {@code @}, tab or carriage return) gets a leading {@code '} (OWASP, "CSV Injection"): an audit log
 * holds text that anyone could send (route names, user names), and opening the export must not run it.
 */
public final class AuditCsv {

	/** The header line's column names, in the order of {@link #line(AuditRecord)}. */
	public static final List<String> COLUMNS = List.of("id", "occurred_at", "actor", "actor_role", "address", "action",
			"target", "environment", "outcome", "status", "detail", "node");

	private AuditCsv() {
	}

	/** @return the header line, with CRLF */
	public static String header() {
		return String.join(",", COLUMNS) + "\r\n";
	}

	/** @return one entry as a CSV line, with CRLF */
	public static String line(AuditRecord record) {
		StringBuilder line = new StringBuilder(200);
		line.append(record.id()).append(',');
		line.append(record.occurredAt()).append(',');
		line.append(cell(record.actor())).append(',');
		line.append(cell(record.actorRole())).append(',');
		line.append(cell(record.address())).append(',');
		line.append(cell(record.action())).append(',');
		line.append(cell(record.target())).append(',');
		line.append(cell(record.environment())).append(',');
		line.append(cell(record.outcome())).append(',');
		line.append((record.status() != null) ? record.status().toString() : "").append(',');
		line.append(cell(record.detail())).append(',');
		line.append(cell(record.node()));
		return line.append("\r\n").toString();
	}

	/** @return the text as one safe CSV cell; empty for {@code null} */
	static String cell(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return "";
		}
		String value = text;
		char first = value.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			value = "'" + value;
		}
		boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
				|| value.indexOf('\r') >= 0 || value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ';
		return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
	}

}
