package health.haven.provisioning.environment;

import java.time.Instant;
import java.util.List;

/**
 * The portal lost its watch on a GitOps controller's objects: whatever those last said
 * about the environments on these clusters can no longer be trusted. They show "unknown
 * since" until the controller reports them again.
 *
 * <p>
 * Published by gitops-writer's reconcile tracker through the event publication registry;
 * {@link Environments} listens and marks the environments {@link LiveStatus#UNKNOWN}.
 *
 * @param clusters the clusters whose environments the lost watch covered; empty when it
 * covered every cluster this controller applies
 */
public record ReconcileConnectionLost(List<String> clusters, GitOpsController controller, Instant since,
		String reason) {

	public ReconcileConnectionLost {
		clusters = List.copyOf(clusters);
	}

}
