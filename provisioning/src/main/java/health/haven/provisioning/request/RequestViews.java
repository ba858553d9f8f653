package health.haven.provisioning.request;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import health.haven.provisioning.approval.ApprovalProgress;
import health.haven.provisioning.approval.Decision;
import health.haven.provisioning.catalog.ApprovalPolicy;
import health.haven.provisioning.catalog.Catalog;
import health.haven.provisioning.gate.GateReport;
import health.haven.provisioning.gate.GateResult;
import health.haven.provisioning.catalog.CatalogItem;
import health.haven.provisioning.request.RequestView.AwaitedStage;
import health.haven.provisioning.request.RequestView.CommitView;
import health.haven.provisioning.request.RequestView.DecisionView;
import health.haven.provisioning.request.RequestView.DelayView;
import health.haven.provisioning.request.RequestView.HeldView;
import health.haven.provisioning.request.RequestView.ReconcileView;
import health.haven.provisioning.request.RequestView.TimelineView;

/**
 * Turns requests into the views people and clients read, and parameters to and from their
 * stored JSON.
 */
@Component
class RequestViews {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {
	};

	private static final TypeReference<List<GateResult>> GATE_RESULTS = new TypeReference<>() {
	};

	private final Catalog catalog;

	private final ApprovalGroups groups;

	RequestViews(Catalog catalog, ApprovalGroups groups) {
		this.catalog = catalog;
		this.groups = groups;
	}

	static String toJson(Map<String, Object> parameters) {
		return JSON.writeValueAsString(parameters);
	}

	static Map<String, Object> fromJson(String parameters) {
		// sorted: the stored jsonb keeps no order of its own
		return new TreeMap<>(JSON.readValue(parameters, PARAMETERS));
	}

	static Map<String, Object> parameters(EnvironmentRequest request) {
		return fromJson(request.getParametersJson());
	}

	CatalogItem pinnedItem(EnvironmentRequest request) {
		return this.catalog.version(request.getCatalogKey(), request.getCatalogVersion())
			.orElseThrow(() -> new IllegalStateException("Catalog item " + request.getCatalogKey() + " version "
					+ request.getCatalogVersion() + " is missing"));
	}

	RequestView view(EnvironmentRequest request) {
		ApprovalPolicy policy = EnvironmentRequests.policyOf(pinnedItem(request), request);
		ApprovalProgress progress = request.progress(policy, this.groups.of(policy, request));
		AwaitedStage awaiting = (request.getState() == RequestState.PENDING_APPROVAL) ? progress.currentStage()
			.map((stage) -> new AwaitedStage(stage.name(), stage.role(), stage.group(), stage.quorum().toString(),
					progress.missing(stage)))
			.orElse(null) : null;
		CommitView commit = (request.getCommitSha() != null)
				? new CommitView(request.getCommitSha(), request.getCommitPath()) : null;
		DelayView delay = (request.getState() == RequestState.APPROVED && request.getDelayReason() != null)
				? new DelayView(request.getDelayReason(), request.getDelayAttempts(), request.getNextAttemptAt())
				: null;
		return new RequestView(request.getId(), request.getRequestType(), request.getState(), request.getStateReason(),
				request.getFailedStep(), request.getCatalogKey(), request.getCatalogVersion(), request.getTeamKey(),
				request.getEnvironment(), request.getEnvironmentClass(), request.getRegion(), parameters(request),
				request.getTicket(), request.getRequestedBy(), request.getSubmittedBy(), policy.name(), awaiting,
				request.getDecisions().stream().map(RequestViews::view).toList(), commit,
				(commit != null) ? new ReconcileView(request.getSyncedRevision(), request.getReconcileProblem()) : null,
				delay, request.isEmergency(),
				(request.getHeldUntil() != null) ? new HeldView(request.getHeldUntil(), request.getHeldReason()) : null,
				gates(request),
				request.getTimeline()
					.stream()
					.map((entry) -> new TimelineView(entry.getOccurredAt(), entry.getState(), entry.getActor(),
							entry.getNote()))
					.toList(),
				request.getCreatedAt(), request.getUpdatedAt(), request.getVersion());
	}

	static GateReport gates(EnvironmentRequest request) {
		if (request.getGateResults() == null) {
			return null;
		}
		return new GateReport(JSON.readValue(request.getGateResults(), GATE_RESULTS), request.getGatesCheckedAt());
	}

	static String toJson(GateReport report) {
		return JSON.writeValueAsString(report.results());
	}

	private static DecisionView view(Decision decision) {
		return new DecisionView(decision.getStage(), decision.getDecision(), decision.getDecidedBy(),
				decision.getActingClient(), decision.getRole(), decision.isAutomatic(), decision.getComment(),
				decision.getDecidedAt(), decision.getRound());
	}

}
