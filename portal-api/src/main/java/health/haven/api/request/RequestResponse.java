package health.haven.api.request;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import health.haven.provisioning.gate.GateReport;
import health.haven.provisioning.request.RequestState;
import health.haven.provisioning.request.RequestType;
import health.haven.provisioning.request.RequestView;
import health.haven.provisioning.request.RequestView.AwaitedStage;
import health.haven.provisioning.request.RequestView.CommitView;
import health.haven.provisioning.request.RequestView.DecisionView;
import health.haven.provisioning.request.RequestView.DelayView;
import health.haven.provisioning.request.RequestView.HeldView;
import health.haven.provisioning.request.RequestView.ReconcileView;
import health.haven.provisioning.request.RequestView.TimelineView;
import health.haven.provisioning.request.Ticket;

/**
 * A request as the API returns it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RequestResponse(UUID id, RequestType type, RequestState state, String stateReason, String failedStep,
		CatalogReference catalogItem, String team, String environment, String environmentClass, String region,
		Map<String, Object> parameters, Ticket ticket, String requestedBy, String submittedBy, Approvals approvals,
		GateReport gates, CommitView commit, ReconcileView reconcile, DelayView delay, Boolean emergency,
		HeldView heldForWindow, List<TimelineView> timeline, Instant createdAt, Instant updatedAt) {

	static RequestResponse of(RequestView view) {
		return new RequestResponse(view.id(), view.type(), view.state(), view.stateReason(), view.failedStep(),
				new CatalogReference(view.catalogItem(), view.catalogVersion()), view.team(), view.environment(),
				view.environmentClass(), view.region(), view.parameters(), view.ticket(), view.requestedBy(),
				view.submittedBy(), new Approvals(view.approvalPolicy(), view.awaiting(), view.decisions()),
				view.gates(), view.commit(), view.reconcile(), view.delay(), view.emergency() ? Boolean.TRUE : null,
				view.held(), view.timeline(), view.createdAt(), view.updatedAt());
	}

	record CatalogReference(String key, int version) {
	}

	/**
	 * One page of the list.
	 *
	 * @param next the cursor of the next page, absent on the last
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Page(List<RequestResponse> items, String next) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Approvals(String policy, AwaitedStage awaiting, List<DecisionView> decisions) {
	}

}
