package health.haven.provisioning.environment;

import java.time.Instant;
import java.util.List;

/**
 * The GitOps controller reported an environment: which revision it applied, what it tried
 * last, sync and health as it names them, and the portal's reading of all that as a
 * {@link LiveStatus}.
 *
 * <p>
 * Published by gitops-writer's reconcile tracker when the controller object (Argo CD
 * {@code Application}, Flux {@code Kustomization}) changes, through the event publication
 * registry; {@link Environments} records it in the environment's history and live status,
 * and requests waiting for their commit to run learn from it whether they are done.
 * Delivered at least once and in any order: {@code observedAt} decides which is newest.
 *
 * @param appliedRevision the commit the controller applied last (Argo CD
 * {@code status.sync.revision}, Flux {@code lastAppliedRevision})
 * @param attemptedRevision the commit it tried last, which may have failed (Argo CD the
 * last operation's revision, Flux {@code lastAttemptedRevision})
 * @param message the controller's own words about a problem or progress, if any
 */
public record ReconcileObserved(String team, String environment, GitOpsController controller, Instant observedAt,
		LiveStatus status, String appliedRevision, String attemptedRevision, String syncStatus, String healthStatus,
		String operationPhase, String message, List<ControllerCondition> conditions) {

	public ReconcileObserved {
		conditions = (conditions != null) ? List.copyOf(conditions) : List.of();
	}

}
