package health.haven.api.environment;

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

import health.haven.api.http.Versions;
import health.haven.api.paging.Paging;
import health.haven.api.security.Caller;
import health.haven.api.security.Viewers;
import health.haven.provisioning.environment.DriftDecision;
import health.haven.provisioning.environment.EnvironmentFilter;
import health.haven.provisioning.environment.EnvironmentKey;
import health.haven.provisioning.environment.EnvironmentNotFoundException;
import health.haven.provisioning.environment.EnvironmentPage;
import health.haven.provisioning.environment.EnvironmentView;
import health.haven.provisioning.environment.Environments;
import health.haven.provisioning.environment.LiveStatus;
import health.haven.provisioning.people.Names;
import health.haven.provisioning.request.Actor;
import health.haven.provisioning.request.EnvironmentRequests;

/**
 * Environments: the list, and each one with its live status, its history, the requests
 * that shaped it and any hand edit of its folder waiting for a decision; and that
 * decision.
 */
@RestController
@RequestMapping("/api/v1/environments")
class EnvironmentController {

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 100;

	private final Environments environments;

	private final EnvironmentRequests requests;

	private final Viewers viewers;

	EnvironmentController(Environments environments, EnvironmentRequests requests, Viewers viewers) {
		this.environments = environments;
		this.requests = requests;
		this.viewers = viewers;
	}

	@GetMapping
	ResponseEntity<EnvironmentResponse.Page> list(@RequestParam(required = false) String team,
			@RequestParam(name = "class", required = false) String environmentClass,
			@RequestParam(required = false) LiveStatus status, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) String onBehalfOf,
			Authentication authentication) {
		int size = Paging.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
		EnvironmentPage page = this.environments.list(new EnvironmentFilter(team, environmentClass, status),
				Cursor.parse(cursor), size, this.viewers.visibility(authentication, onBehalfOf));
		String next = page.hasMore() ? Cursor.of(page.last()) : null;
		return Paging.ok(next)
			.body(new EnvironmentResponse.Page(page.items().stream().map(EnvironmentResponse::of).toList(), next));
	}

	@GetMapping("/{team}/{name}")
	ResponseEntity<EnvironmentResponse> one(@PathVariable String team, @PathVariable String name,
			@RequestParam(required = false) String onBehalfOf, Authentication authentication) {
		EnvironmentView view = this.environments.get(key(team, name),
				this.viewers.visibility(authentication, onBehalfOf));
		return ResponseEntity.ok()
			.eTag(Versions.etag(view.version()))
			.body(EnvironmentResponse.of(view, this.requests.ofEnvironment(team, name)));
	}

	/**
	 * A platform administrator (named in {@code onBehalfOf}) accepts or discards the hand
	 * edit of the environment's folder, saying why.
	 */
	@PostMapping("/{team}/{name}/drift")
	ResponseEntity<EnvironmentResponse> decideDrift(@PathVariable String team, @PathVariable String name,
			@RequestBody DriftDecisionBody body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			Authentication authentication) {
		Actor actor = Caller.of(authentication).actingFor(body.onBehalfOf());
		EnvironmentView view = this.environments.decideDrift(key(team, name), decision(body.decision()), body.comment(),
				actor.person(), actor.client(), Versions.expected(ifMatch));
		return ResponseEntity.ok()
			.eTag(Versions.etag(view.version()))
			.body(EnvironmentResponse.of(view, this.requests.ofEnvironment(team, name)));
	}

	private static EnvironmentKey key(String team, String name) {
		if (!Names.isDns1123Label(team, 63) || !Names.isDns1123Label(name, 63)) {
			throw new EnvironmentNotFoundException(team, name);
		}
		return new EnvironmentKey(team, name);
	}

	private static DriftDecision decision(String decision) {
		try {
			return (decision != null) ? DriftDecision.valueOf(decision) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	record DriftDecisionBody(String decision, String comment, String onBehalfOf) {
	}

}
