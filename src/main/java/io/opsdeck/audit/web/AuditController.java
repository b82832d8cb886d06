package io.opsdeck.audit.web;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsdeck.audit.internal.AuditOutcome;
import io.opsdeck.audit.internal.AuditQuery;
import io.opsdeck.audit.internal.AuditRecord;
import io.opsdeck.audit.internal.AuditSearch;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.PageView;
import io.opsdeck.shared.Paging;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The {@code /audit} page (ADMIN): filters, 50 entries a page newest first, and links that export what the filters
 * select as CSV or JSON. A bad filter shows what is wrong instead of entries.
 */
@Controller
class AuditController {

	static final String VIEW = "audit/index";

	private static final int PAGE_SIZE = 50;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final AuditSearch search;

	AuditController(AuditSearch search) {
		this.search = search;
	}

	/** One table row: the entry and its time as the page shows it (UTC). */
	record Row(AuditRecord entry, String time) {
	}

	@GetMapping("/audit")
	@PreAuthorize("hasRole('ADMIN')")
	String page(@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable String outcome,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "0") int page,
			Model model) {
		AuditFilters filters = new AuditFilters(actor, action, environment, outcome, from, to, q);
		Map<String, String> values = new LinkedHashMap<>();
		put(values, "actor", actor);
		put(values, "action", action);
		put(values, "environment", environment);
		put(values, "outcome", outcome);
		put(values, "from", from);
		put(values, "to", to);
		put(values, "q", q);
		model.addAttribute("filters", values);
		model.addAttribute("outcomes", List.of(AuditOutcome.values()));
		try {
			AuditQuery query = filters.toQuery();
			PageView<AuditRecord> found = Paging.forPage(page, p -> search.search(query, p, PAGE_SIZE));
			model.addAttribute("rows", found.items().stream().map(e -> new Row(e, TIME.format(e.occurredAt()))).toList());
			model.addAttribute("result", found);
			model.addAttribute("newer", (found.page() > 0) ? link("/audit", values, found.page() - 1) : null);
			model.addAttribute("older", (found.page() + 1 < found.totalPages()) ? link("/audit", values, found.page() + 1)
					: null);
			Map<String, String> csv = new LinkedHashMap<>(values);
			csv.put("format", "csv");
			Map<String, String> json = new LinkedHashMap<>(values);
			json.put("format", "json");
			model.addAttribute("csvExport", link("/api/v1/audit/export", csv, null));
			model.addAttribute("jsonExport", link("/api/v1/audit/export", json, null));
		}
		catch (InvalidInputException ex) {
			model.addAttribute("filterError", ex.field() + ": " + ex.getMessage());
			model.addAttribute("rows", List.of());
		}
		return VIEW;
	}

	private static void put(Map<String, String> values, String name, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			values.put(name, value.strip());
		}
	}

	private static String link(String path, Map<String, String> parameters, @Nullable Integer page) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
		parameters.forEach(uri::queryParam);
		if (page != null) {
			uri.queryParam("page", page);
		}
		return uri.encode().build().toUriString();
	}

}
