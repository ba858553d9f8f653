package health.haven.api.request;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import health.haven.api.security.Caller;
import health.haven.provisioning.approval.DecisionKind;
import health.haven.provisioning.request.CreateEnvironment;
import health.haven.provisioning.request.Decide;
import health.haven.provisioning.request.EnvironmentRequests;
import health.haven.provisioning.request.InvalidRequestException;
import health.haven.provisioning.request.RequestEvidence;
import health.haven.provisioning.request.RequestState;
import health.haven.provisioning.request.RequestView;
import health.haven.provisioning.request.Ticket;

/**
 * Environment requests: create one, read it, decide on it.
 */
@RestController
@RequestMapping("/api/v1/requests")
class RequestController {

	private final EnvironmentRequests requests;

	RequestController(EnvironmentRequests requests) {
		this.requests = requests;
	}

	@PostMapping
	ResponseEntity<RequestResponse> create(@RequestBody CreateRequestBody body, Authentication authentication) {
		RequestView created = this.requests.submit(body.toCommand(),
				Caller.of(authentication).actingFor(body.onBehalfOf()));
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(created.id())
			.toUri();
		return ResponseEntity.created(location).eTag(etag(created)).body(RequestResponse.of(created));
	}

	@GetMapping("/{id}")
	ResponseEntity<RequestResponse> one(@PathVariable UUID id) {
		RequestView request = this.requests.get(id);
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

	@GetMapping
	List<RequestResponse> list(@RequestParam(required = false) RequestState state,
			@RequestParam(required = false) String team) {
		return this.requests.all()
			.stream()
			.filter((request) -> state == null || request.state() == state)
			.filter((request) -> team == null || request.team().equals(team))
			.map(RequestResponse::of)
			.toList();
	}

	@PostMapping("/{id}/decisions")
	ResponseEntity<RequestResponse> decide(@PathVariable UUID id, @RequestBody DecisionBody body,
			Authentication authentication) {
		RequestView decided = this.requests.decide(id, new Decide(decision(body.decision()), body.comment()),
				Caller.of(authentication).actingFor(body.onBehalfOf()));
		return ResponseEntity.ok().eTag(etag(decided)).body(RequestResponse.of(decided));
	}

	/**
	 * Sends a failed request through its failed step again (a platform administrator,
	 * named in {@code onBehalfOf}).
	 */
	@PostMapping("/{id}/retry")
	ResponseEntity<RequestResponse> retry(@PathVariable UUID id, @RequestBody ActorBody body,
			Authentication authentication) {
		RequestView retried = this.requests.retry(id, Caller.of(authentication).actingFor(body.onBehalfOf()));
		return ResponseEntity.ok().eTag(etag(retried)).body(RequestResponse.of(retried));
	}

	/**
	 * The requester (named in {@code onBehalfOf}) amends a request an approver sent back
	 * with REQUEST_CHANGES: new parameters, checked as at submission; a new approval
	 * round starts at the first stage.
	 */
	@PostMapping("/{id}/resubmit")
	ResponseEntity<RequestResponse> resubmit(@PathVariable UUID id, @RequestBody ResubmitBody body,
			Authentication authentication) {
		RequestView resubmitted = this.requests.resubmit(id, (body.parameters() != null) ? body.parameters() : Map.of(),
				Caller.of(authentication).actingFor(body.onBehalfOf()));
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
		return "\"" + request.version() + "\"";
	}

	record DecisionBody(String decision, String comment, String onBehalfOf) {
	}

	record ActorBody(String onBehalfOf) {
	}

	record ResubmitBody(Map<String, Object> parameters, String onBehalfOf) {
	}

	record CreateRequestBody(String catalogItem, String environment, String team, String environmentClass,
			String region, Map<String, Object> parameters, TicketBody ticket, String onBehalfOf, Boolean emergency) {

		CreateEnvironment toCommand() {
			return new CreateEnvironment(this.catalogItem, this.environment, this.team, this.environmentClass,
					this.region, this.parameters, (this.ticket != null)
							? new Ticket(this.ticket.system(), this.ticket.id(), this.ticket.url()) : null,
					Boolean.TRUE.equals(this.emergency));
		}

	}

	record TicketBody(String system, String id, String url) {
	}

}
