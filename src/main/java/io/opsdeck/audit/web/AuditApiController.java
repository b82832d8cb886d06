package io.opsdeck.audit.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.opsdeck.audit.internal.AuditCsv;
import io.opsdeck.audit.internal.AuditQuery;
import io.opsdeck.audit.internal.AuditRecord;
import io.opsdeck.audit.internal.AuditSearch;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.PageView;
import io.opsdeck.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code /api/v1/audit}: search the audit log and export it (ADMIN; issue 7: "searchable in the UI, exportable
 * (CSV/JSON)"). Filters: {@code actor}, {@code action}, {@code environment}, {@code outcome}, {@code from},
 * {@code to}, {@code q} ({@link AuditFilters}); a bad one is a 400 naming it.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "Who did what, when, from where, with what outcome (ADMIN)")
class AuditApiController {

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final AuditSearch search;

	private final JsonMapper json;

	AuditApiController(AuditSearch search, JsonMapper json) {
		this.search = search;
		this.json = json;
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Search the audit log", description = "Newest first. actor: kind:name exactly, or kind: "
			+ "(e.g. token:) for every actor of that kind; action: part of the action (POST /api/v1/runs, LOGIN, "
			+ "LOGOUT, RUN_QUEUED); environment: name; outcome: SUCCESS, DENIED or FAILURE; from/to: ISO-8601 time "
			+ "or date (UTC), inclusive; q: text anywhere in actor, action, target, detail, address or environment. "
			+ "page 0-1000000, size 1-200 (default 50).")
	PageView<AuditRecord> list(@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable String outcome,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		AuditQuery query = new AuditFilters(actor, action, environment, outcome, from, to, q).toQuery();
		return search.search(query, Paging.page(page), Paging.size(size));
	}

	@GetMapping("/export")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Export the audit log", description = "Every matching entry, newest first, streamed as a "
			+ "download: format=csv (RFC 4180, UTF-8; a cell starting with = + - @ gets a leading ' so that "
			+ "spreadsheets do not run it) or format=json (an array). Same filters as the search.")
	ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
			@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable String outcome,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String q) {
		boolean csv = "csv".equals(format);
		if (!csv && !"json".equals(format)) {
			throw new InvalidInputException("format", "must be csv or json");
		}
		AuditQuery query = new AuditFilters(actor, action, environment, outcome, from, to, q).toQuery();
		String file = "audit-" + FILE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + (csv ? ".csv" : ".json");
		StreamingResponseBody body = out -> {
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
			if (csv) {
				writer.write(AuditCsv.header());
			}
			else {
				writer.write('[');
			}
			boolean[] first = { true };
			search.stream(query, record -> write(writer, csv ? AuditCsv.line(record)
					: (first[0] ? "\n" : ",\n") + json.writeValueAsString(record), first));
			if (!csv) {
				writer.write(first[0] ? "]\n" : "\n]\n");
			}
			writer.flush();
		};
		return ResponseEntity.ok()
			.contentType(csv ? CSV : MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
			.body(body);
	}

	private static void write(Writer writer, String text, boolean[] first) {
		try {
			writer.write(text);
			first[0] = false;
		}
		catch (IOException ex) {
			// the client went away: stop reading the database
			throw new UncheckedIOException(ex);
		}
	}

}
