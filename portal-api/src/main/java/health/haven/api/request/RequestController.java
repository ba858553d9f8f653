package health.haven.api.request;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import health.haven.api.http.Versions;
import health.haven.api.paging.Paging;
import health.haven.api.security.Caller;
import health.haven.api.security.Viewers;
import health.haven.provisioning.approval.DecisionKind;
import health.haven.provisioning.request.Actor;
import health.haven.provisioning.request.ChangeEnvironment;
import health.haven.provisioning.request.CreateEnvironment;
import health.haven.provisioning.request.Decide;
import health.haven.provisioning.request.EnvironmentRequests;
import health.haven.provisioning.request.InvalidRequestException;
import health.haven.provisioning.request.RequestEvidence;
import health.haven.provisioning.request.RequestFilter;
import health.haven.provisioning.request.RequestPage;
import health.haven.provisioning.request.RequestState;
import health.haven.provisioning.request.RequestType;
import health.haven.provisioning.request.RequestView;
import health.haven.provisioning.request.Ticket;

/**
 * Environment requests: create one, read it, decide on it.
 */
@RestController
@RequestMapping("/api/v1/requests")
class RequestController {

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 100;

	private final EnvironmentRequests requests;

	private final Viewers viewers;

	RequestController(EnvironmentRequests requests, Viewers viewers) {
		this.requests = requests;
		this.viewers = viewers;
	}

	/**
	 * A new request: CREATE a new environment (the default), or a day-2 change of one
	 * that exists: UPDATE (the parameters named replace those in force; one named null is
	 * no longer set) or DECOMMISSION.
	 */
	@PostMapping
	ResponseEntity<RequestResponse> create(@RequestBody CreateRequestBody body, Authentication authentication) {
		Actor actor = Caller.of(authentication).actingFor(body.onBehalfOf());
		RequestView created = (body.type() == null || body.type() == RequestType.CREATE)
				? this.requests.submit(body.toCommand(), actor, body.requestedFor())
				: this.requests.submitChange(body.toChange(), actor, body.requestedFor());
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(created.id())
			.toUri();
		return ResponseEntity.created(location).eTag(etag(created)).body(RequestResponse.of(created));
	}

	/**
	 * One request, if the caller sees its team. Send the {@code ETag} back as
	 * {@code If-None-Match} to poll cheaply ({@code 304} while nothing changed).
	 */
	/**
	 * A dry run of a POST to {@code /api/v1/requests} with the same body: the same checks
	 * and answers where it would be refused, else the policy gates' results, the approval
	 * stages it would wait for, the rendered manifests and the diff against what the
	 * GitOps repository holds now. Stores nothing and commits nothing.
	 */
	@PostMapping("/preview")
	PreviewResponse preview(@RequestBody CreateRequestBody body, Authentication authentication) {
		return PreviewResponse
			.of(this.requests.dryRun(body.toCommand(), Caller.of(authentication).actingFor(body.onBehalfOf())));
	}

	@GetMapping("/{id}")
	ResponseEntity<RequestResponse> one(@PathVariable UUID id, @RequestParam(required = false) String onBehalfOf,
			Authentication authentication) {
		RequestView request = this.requests.get(id, this.viewers.visibility(authentication, onBehalfOf));
		return ResponseEntity.ok().eTag(etag(request)).body(RequestResponse.of(request));
	}

	/**
	 * The evidence record of the request, for auditors: ticket, request and parameters,
	 * decisions, commit, applied revision and health, and its audit rows with their
	 * hashes.
	 */
	@GetMapping("/{id}/evidence")
	RequestEvidence evidence(@PathVariable UUID id) {
		return this.requests.evidence(id);
	}

	/**
	 * The requests the caller sees, newest first, a page at a time: the body's
	 * {@code next} (and the {@code Link: rel="next"} header) is the cursor of the next
	 * page. Requests added meanwhile do not shift the pages still to read.
	 */
	@GetMapping
	ResponseEntity<RequestResponse.Page> list(@RequestParam(required = false) RequestState state,
			@RequestParam(required = false) String team, @RequestParam(required = false) String environment,
			@RequestParam(required = false) String ticket, @RequestParam(required = false) String requestedBy,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) String onBehalfOf, Authentication authentication) {
		int size = Paging.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
		RequestPage page = this.requests.list(new RequestFilter(state, team, environment, ticket, requestedBy),
				RequestCursor.parse(cursor), size, this.viewers.visibility(authentication, onBehalfOf));
		String next = page.hasMore() ? RequestCursor.of(page.last()) : null;
		return Paging.ok(next)
			.body(new RequestResponse.Page(page.items().stream().map(RequestResponse::of).toList(), next));
	}

	/**
	 * An approver's decision, made on the version of the request sent as {@code If-Match}
	 * ({@code 412} when it changed since).
	 */
	@PostMapping("/{id}/decisions")
	ResponseEntity<RequestResponse> decide(@PathVariable UUID id, @RequestBody DecisionBody body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			Authentication authentication) {
		RequestView decided = this.requests.decide(id, new Decide(decision(body.decision()), body.comment()),
				Caller.of(authentication).actingFor(body.onBehalfOf()), Versions.expected(ifMatch));
		return ResponseEntity.ok().eTag(etag(decided)).body(RequestResponse.of(decided));
	}

	/**
	 * The requester or a platform administrator (named in {@code onBehalfOf}) withdraws a
	 * request whose change is not committed yet.
	 */
	@PostMapping("/{id}/cancel")
	ResponseEntity<RequestResponse> cancel(@PathVariable UUID id, @RequestBody CancelBody body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			Authentication authentication) {
		RequestView cancelled = this.requests.cancel(id, body.reason(),
				Caller.of(authentication).actingFor(body.onBehalfOf()), Versions.expected(ifMatch));
		return ResponseEntity.ok().eTag(etag(cancelled)).body(RequestResponse.of(cancelled));
	}

	/**
	 * Sends a failed request through its failed step again (a platform administrator,
	 * named in {@code onBehalfOf}).
	 */
	@PostMapping("/{id}/retry")
	ResponseEntity<RequestResponse> retry(@PathVariable UUID id, @RequestBody ActorBody body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			Authentication authentication) {
		RequestView retried = this.requests.retry(id, Caller.of(authentication).actingFor(body.onBehalfOf()),
				Versions.expected(ifMatch));
		return ResponseEntity.ok().eTag(etag(retried)).body(RequestResponse.of(retried));
	}

	/**
	 * The requester (named in {@code onBehalfOf}) amends a request an approver sent back
	 * with REQUEST_CHANGES: new parameters, checked as at submission; a new approval
	 * round starts at the first stage.
	 */
	@PostMapping("/{id}/resubmit")
	ResponseEntity<RequestResponse> resubmit(@PathVariable UUID id, @RequestBody ResubmitBody body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			Authentication authentication) {
		RequestView resubmitted = this.requests.resubmit(id, (body.parameters() != null) ? body.parameters() : Map.of(),
				Caller.of(authentication).actingFor(body.onBehalfOf()), Versions.expected(ifMatch));
		return ResponseEntity.ok().eTag(etag(resubmitted)).body(RequestResponse.of(resubmitted));
	}

	private static DecisionKind decision(String decision) {
		try {
			return (decision != null) ? DecisionKind.valueOf(decision) : null;
		}
		catch (IllegalArgumentException ex) {
			throw InvalidRequestException.of("decision", "The decision must be APPROVE, REJECT or REQUEST_CHANGES");
		}
	}

	private static String etag(RequestView request) {
		return Versions.etag(request.version());
	}

	record DecisionBody(String decision, String comment, String onBehalfOf) {
	}

	record ActorBody(String onBehalfOf) {
	}

	record CancelBody(String reason, String onBehalfOf) {
	}

	record ResubmitBody(Map<String, Object> parameters, String onBehalfOf) {
	}

	record CreateRequestBody(RequestType type, String catalogItem, String environment, String team,
			String environmentClass, String region, Map<String, Object> parameters, TicketBody ticket,
			String onBehalfOf, String requestedFor, Boolean emergency) {

		CreateEnvironment toCommand() {
			return new CreateEnvironment(this.catalogItem, this.environment, this.team, this.environmentClass,
					this.region, this.parameters, toTicket(), Boolean.TRUE.equals(this.emergency));
		}

		ChangeEnvironment toChange() {
			return new ChangeEnvironment(this.type, this.team, this.environment, this.catalogItem,
					this.environmentClass, this.region, this.parameters, toTicket(),
					Boolean.TRUE.equals(this.emergency));
		}

		private Ticket toTicket() {
			return (this.ticket != null) ? new Ticket(this.ticket.system(), this.ticket.id(), this.ticket.url()) : null;
		}

	}

	record TicketBody(String system, String id, String url) {
	}

}
