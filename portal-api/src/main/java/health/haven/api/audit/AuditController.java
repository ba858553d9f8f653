package health.haven.api.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import health.haven.api.paging.Paging;
import health.haven.provisioning.audit.AuditFilter;
import health.haven.provisioning.audit.AuditPage;
import health.haven.provisioning.audit.AuditRecord;
import health.haven.provisioning.audit.AuditTrail;
import health.haven.provisioning.audit.AuditVerification;
import health.haven.provisioning.request.InvalidRequestException;

/**
 * The audit trail, oldest first, for auditors' tools (a SIEM, an evidence export), and
 * the verification of its chain.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 1000;

	// what a cursor holds: the last row's number
	private static final String POSITION = "audit:";

	private final AuditTrail trail;

	AuditController(AuditTrail trail) {
		this.trail = trail;
	}

	/**
	 * The rows the filters select, oldest first; a page is stable while rows are appended
	 * (they come after it).
	 * @param subject exactly this subject, or all under a prefix ending in {@code *}
	 * @param from at or after this instant (ISO-8601, e.g. {@code 2026-11-01T00:00:00Z})
	 * @param to before this instant
	 */
	@GetMapping
	ResponseEntity<Page> list(@RequestParam(required = false) String subject,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = Paging.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
		AuditFilter filter = new AuditFilter(subject, actor, instant("from", from), instant("to", to));
		AuditPage page = this.trail.page(filter, parse(cursor), size, false);
		String next = page.hasMore() ? Paging.cursor(POSITION + page.last().seq()) : null;
		return Paging.ok(next).body(new Page(page.items().stream().map(Row::of).toList(), next));
	}

	/**
	 * Recomputes the whole chain and says whether it holds, or where it breaks first.
	 */
	@GetMapping("/verify")
	AuditVerification verify() {
		return this.trail.verify();
	}

	private static Instant instant(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw InvalidRequestException.of(field,
					"'" + field + "' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
		}
	}

	private static Long parse(String cursor) {
		String position = Paging.position(cursor);
		if (position == null) {
			return null;
		}
		try {
			if (position.startsWith(POSITION)) {
				return Long.parseLong(position.substring(POSITION.length()));
			}
		}
		catch (NumberFormatException ex) {
			// falls through to the problem below
		}
		throw Paging.notOurs();
	}

	record Page(List<Row> items, String next) {
	}

	/**
	 * A row as the API shows it, with everything needed to recompute its hash.
	 */
	record Row(long seq, Instant occurredAt, String action, String subject, String actor, String actingClient,
			Map<String, String> details, String previousHash, String hash) {

		static Row of(AuditRecord record) {
			return new Row(record.seq(), record.occurredAt(), record.action(), record.subject(), record.actor(),
					record.actingClient(), record.details(), record.previousHash(), record.hash());
		}

	}

}
