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
 * @param history its controller's reports, newest first (empty in lists)
 */
public record EnvironmentView(UUID id, String team, String name, String catalogItem, int catalogVersion, Tier tier,
		String environmentClass, String region, Map<String, Object> parameters, String folder, Placement placement,
		String commitSha, LiveView live, List<ObservationView> history, Instant createdAt, Instant updatedAt,
		long version) {

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
