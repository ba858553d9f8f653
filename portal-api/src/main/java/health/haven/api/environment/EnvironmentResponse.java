package health.haven.api.environment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import health.haven.provisioning.catalog.Tier;
import health.haven.provisioning.environment.EnvironmentView;
import health.haven.provisioning.environment.EnvironmentView.DriftDecisionView;
import health.haven.provisioning.environment.EnvironmentView.DriftView;
import health.haven.provisioning.environment.EnvironmentView.LiveView;
import health.haven.provisioning.environment.EnvironmentView.ObservationView;
import health.haven.provisioning.environment.Placement;
import health.haven.provisioning.request.RequestState;
import health.haven.provisioning.request.RequestType;
import health.haven.provisioning.request.RequestView;

/**
 * An environment as the API returns it.
 *
 * @param drift a hand edit of its folder waiting for a decision, with the diff in the
 * single view (absent when there is none)
 * @param lastDriftDecision the last decision about a hand edit, with who made it and why
 * @param requests the requests that shaped it, newest first (in the single view)
 * @param history its controller's reports, newest first (in the single view)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EnvironmentResponse(String team, String name, CatalogReference catalogItem, Tier tier, String environmentClass,
		String region, Placement placement, Map<String, Object> parameters, String folder, String commit, LiveView live,
		DriftView drift, DriftDecisionView lastDriftDecision, List<ObservationView> history,
		List<RequestReference> requests, Instant createdAt, Instant updatedAt) {

	static EnvironmentResponse of(EnvironmentView view) {
		return of(view, null);
	}

	static EnvironmentResponse of(EnvironmentView view, List<RequestView> requests) {
		return new EnvironmentResponse(view.team(), view.name(),
				new CatalogReference(view.catalogItem(), view.catalogVersion()), view.tier(), view.environmentClass(),
				view.region(), view.placement(), view.parameters(), view.folder(), view.commitSha(), view.live(),
				(requests != null || view.drift() == null) ? view.drift() : withoutDiff(view.drift()),
				view.lastDriftDecision(), (requests != null) ? view.history() : null,
				(requests != null) ? requests.stream().map(RequestReference::of).toList() : null, view.createdAt(),
				view.updatedAt());
	}

	// a list says that a folder was edited; the environment itself shows how
	private static DriftView withoutDiff(DriftView drift) {
		return new DriftView(drift.detectedAt(), null, drift.reason(), drift.conflict(), drift.waitingRequest());
	}

	record CatalogReference(String key, int version) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RequestReference(UUID id, RequestType type, RequestState state, String commit, Instant createdAt) {

		static RequestReference of(RequestView request) {
			return new RequestReference(request.id(), request.type(), request.state(),
					(request.commit() != null) ? request.commit().sha() : null, request.createdAt());
		}

	}

	/**
	 * A page of environments and the cursor of the next one, if any.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Page(List<EnvironmentResponse> items, String next) {
	}

}
