package health.haven.ui.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import health.haven.provisioning.audit.AuditChain;
import health.haven.provisioning.audit.AuditFilter;
import health.haven.provisioning.audit.AuditPage;
import health.haven.provisioning.audit.AuditRecord;
import health.haven.provisioning.audit.AuditTrail;

/**
 * The audit trail, newest first, with filters by subject, actor and dates (UTC days, both
 * included); its verification on demand; and the same selection as CSV, oldest first,
 * with every column needed to recompute the chain. Only auditors and platform
 * administrators reach these pages (the security configuration says so).
 */
@Controller
class AuditPageController {

	static final int PAGE_SIZE = 100;

	private final AuditTrail trail;

	AuditPageController(AuditTrail trail) {
		this.trail = trail;
	}

	@GetMapping("/audit")
	String page(Filters filters, @RequestParam(required = false) Long before, Model model) {
		Map<String, String> errors = new LinkedHashMap<>();
		AuditFilter filter = filters.toFilter(errors);
		model.addAttribute("filters", filters);
		model.addAttribute("errors", errors);
		if (!errors.isEmpty()) {
			model.addAttribute("rows", List.of());
			return "audit/list";
		}
		AuditPage page = this.trail.page(filter, before, PAGE_SIZE, true);
		model.addAttribute("rows", page.items());
		model.addAttribute("older", page.hasMore() ? page.last().seq() : null);
		return "audit/list";
	}

	@GetMapping("/audit/verify")
	String verify(Model model) {
		model.addAttribute("verification", this.trail.verify());
		model.addAttribute("filters", new Filters(null, null, null, null));
		model.addAttribute("errors", Map.of());
		AuditPage page = this.trail.page(AuditFilter.everything(), null, PAGE_SIZE, true);
		model.addAttribute("rows", page.items());
		model.addAttribute("older", page.hasMore() ? page.last().seq() : null);
		return "audit/list";
	}

	@GetMapping("/audit/export")
	void export(Filters filters, HttpServletResponse response) throws IOException {
		Map<String, String> errors = new LinkedHashMap<>();
		AuditFilter filter = filters.toFilter(errors);
		if (!errors.isEmpty()) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST, String.join("; ", errors.values()));
			return;
		}
		response.setContentType("text/csv; charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"haven-audit.csv\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		out.write(Csv.line(List.of("seq", "occurred_at", "action", "subject", "actor", "acting_client", "details",
				"previous_hash", "hash")));
		List<IOException> failed = new ArrayList<>();
		this.trail.each(filter, (row) -> {
			try {
				out.write(Csv.line(Csv.columns(row)));
			}
			catch (IOException ex) {
				failed.add(ex);
			}
		});
		if (!failed.isEmpty()) {
			throw failed.get(0);
		}
		out.flush();
	}

	/**
	 * The filters as the form sends them: text, and days as {@code yyyy-MM-dd}.
	 */
	record Filters(String subject, String actor, String from, String to) {

		AuditFilter toFilter(Map<String, String> errors) {
			Instant start = day("from", this.from, 0, errors);
			Instant end = day("to", this.to, 1, errors);
			if (start != null && end != null && !start.isBefore(end)) {
				errors.put("to", "The last day must not be before the first");
			}
			return new AuditFilter(blankToNull(this.subject), blankToNull(this.actor), start, end);
		}

		private static Instant day(String field, String value, int plusDays, Map<String, String> errors) {
			if (value == null || value.isBlank()) {
				return null;
			}
			try {
				return LocalDate.parse(value.strip()).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			catch (DateTimeParseException ex) {
				errors.put(field, "Enter a day as YYYY-MM-DD");
				return null;
			}
		}

		private static String blankToNull(String value) {
			return (value == null || value.isBlank()) ? null : value.strip();
		}

	}

	/**
	 * RFC 4180 CSV; a cell that a spreadsheet would take for a formula is prefixed with
	 * an apostrophe, so that an exported trail cannot run anything when opened.
	 */
	static final class Csv {

		private Csv() {
		}

		static List<String> columns(AuditRecord row) {
			return List.of(Long.toString(row.seq()), row.occurredAt().toString(), row.action(), row.subject(),
					row.actor(), (row.actingClient() != null) ? row.actingClient() : "",
					AuditChain.canonical(row.details()), row.previousHash(), row.hash());
		}

		static String line(List<String> cells) {
			List<String> quoted = new ArrayList<>();
			for (String cell : cells) {
				quoted.add(quote(defuse(cell)));
			}
			return String.join(",", quoted) + "\r\n";
		}

		private static String defuse(String cell) {
			if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
				return "'" + cell;
			}
			return cell;
		}

		private static String quote(String cell) {
			if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
				return "\"" + cell.replace("\"", "\"\"") + "\"";
			}
			return cell;
		}

	}

}
