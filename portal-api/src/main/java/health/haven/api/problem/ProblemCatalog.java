package health.haven.api.problem;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * Every problem type the API answers with, with an example of each: the OpenAPI document
 * lists them, so a client knows every type it may have to handle before it meets one.
 */
public final class ProblemCatalog {

	/**
	 * One problem type.
	 *
	 * @param code the last part of its type URI ({@code urn:haven:problem:<code>})
	 * @param example a detail as the API writes it
	 */
	public record Entry(String code, HttpStatus status, String title, String example) {
	}

	public static final List<Entry> ENTRIES = List.of(
			new Entry("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request",
					"The request has 1 invalid field(s); nothing was stored"),
			new Entry("unreadable-body", HttpStatus.BAD_REQUEST, "Unreadable request body",
					"The body is not JSON (malformed at line 1, column 17); nothing was stored"),
			new Entry("invalid-idempotency-key", HttpStatus.BAD_REQUEST, "Bad Request",
					"The Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID; nothing was stored"),
			new Entry("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized",
					"A valid bearer token is required (POST /oauth2/token with client credentials)"),
			new Entry("missing-scope", HttpStatus.FORBIDDEN, "Forbidden", "The token lacks the scope this call needs"),
			new Entry("not-permitted", HttpStatus.FORBIDDEN, "Not permitted",
					"sam submitted this request for alice and may not decide on it either"),
			new Entry("not-found", HttpStatus.NOT_FOUND, "Not found",
					"No request 0f8c8f4e-2d8a-4b7e-9a55-3c1d2e4f5a6b (or not one you may see)"),
			new Entry("illegal-transition", HttpStatus.CONFLICT, "Conflict",
					"Cannot approve a request that is REJECTED (it must be PENDING_APPROVAL)"),
			new Entry("stage-not-open", HttpStatus.CONFLICT, "Conflict",
					"Stage 'change-advisory-board' waits for stage 'security-review' to finish first"),
			new Entry("already-decided", HttpStatus.CONFLICT, "Conflict",
					"carol has already decided on this request; one person counts once"),
			new Entry("environment-exists", HttpStatus.CONFLICT, "Conflict",
					"Environment finance/finance-prod exists or is requested already"),
			new Entry("concurrent-change", HttpStatus.CONFLICT, "Conflict",
					"The request changed while the decision was made; read it again and decide anew"),
			new Entry("change-on-its-way", HttpStatus.CONFLICT, "Conflict",
					"The request is approved and its change is on its way to the repository; "
							+ "once committed, undo it with a change of its own"),
			new Entry("environment-busy", HttpStatus.CONFLICT, "Conflict",
					"Environment finance/finance-prod has request 0f8c8f4e-… open; wait for it or cancel it"),
			new Entry("environment-decommissioned", HttpStatus.CONFLICT, "Conflict",
					"Environment finance/finance-prod is decommissioned; nothing changes it any more"),
			new Entry("conflicting-edit", HttpStatus.CONFLICT, "Conflict",
					"The hand edit conflicts with a change waiting to be committed"),
			new Entry("no-drift", HttpStatus.CONFLICT, "Conflict",
					"No hand edit of this environment waits for a decision"),
			new Entry("stale-version", HttpStatus.PRECONDITION_FAILED, "Precondition failed",
					"Request 0f8c8f4e-… is at version 4, not the one the change was made on: it changed since it "
							+ "was read; read it again"),
			new Entry("body-too-large", HttpStatus.CONTENT_TOO_LARGE, "Content too large",
					"The request body is larger than the 1048576 bytes this API takes; nothing was stored"),
			new Entry("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable Content",
					"Idempotency-Key 'CHG0031337-1' was used before for another request (/api/v1/requests, another "
							+ "body); use a new key for a new request. Nothing was stored"),
			new Entry("gates-failed", HttpStatus.UNPROCESSABLE_CONTENT, "Policy gates failed",
					"2 policy gate(s) failed; nothing was stored"),
			new Entry("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
					"This client sent more than 20 calls a second (bursts of 100); nothing of this call was done. "
							+ "Send it again after 1 second(s)"),
			new Entry("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
					"Something went wrong on our side; nothing you sent was changed by it. It has been logged."),
			new Entry("not-committed", HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
					"The change could not be stored and nothing was changed; send it again with the same "
							+ "Idempotency-Key"));

	private ProblemCatalog() {
	}

}
