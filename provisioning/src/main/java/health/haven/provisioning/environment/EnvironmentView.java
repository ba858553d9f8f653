package health.haven.provisioning.environment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import health.haven.provisioning.catalog.Tier;

/**
 * An environment as people and ticketing systems read it.
 *
 * @param placement where it runs and which controller object reconciles it, if known
 * @param live what its controller last said
 * @param drift a hand edit of its folder waiting for a decision, if any
 * @param lastDriftDecision the last decision about a hand edit, if any
 * @param history its controller's reports, newest first (empty in lists)
 */
public record EnvironmentView(UUID id, String team, String name, String catalogItem, int catalogVersion, Tier tier,
		String environmentClass, String region, Map<String, Object> parameters, String folder, Placement placement,
		String commitSha, LiveView live, DriftView drift, DriftDecisionView lastDriftDecision,
		List<ObservationView> history, Instant createdAt, Instant updatedAt, long version) {

	/**
	 * A hand edit of the folder: what changed and what waits for a decision.
	 *
	 * @param diff from what the portal expects to what the folder holds
	 * @param conflict whether the waiting change cannot be merged onto an edit accepted
	 * before (then only discarding it lets the change through)
	 * @param waitingRequest the request whose change waits, if any
	 */
	public record DriftView(Instant detectedAt, String diff, String reason, boolean conflict, UUID waitingRequest) {
	}

	/**
	 * What a person decided about a hand edit, and why.
	 */
	public record DriftDecisionView(DriftDecision decision, String decidedBy, Instant decidedAt, String comment) {
	}

	/**
	 * The live status: what the controller said last and since when it says so.
	 */
	public record LiveView(LiveStatus status, String message, Instant since, String appliedRevision, String syncStatus,
			String healthStatus, Instant observedAt) {
	}

	/**
	 * One report in the history.
	 */
	public record ObservationView(Instant observedAt, GitOpsController controller, LiveStatus status,
			String appliedRevision, String syncStatus, String healthStatus, String operationPhase, String message,
			List<ControllerCondition> conditions) {
	}

}
