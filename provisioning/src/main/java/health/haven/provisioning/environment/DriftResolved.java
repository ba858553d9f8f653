package health.haven.provisioning.environment;

import java.time.Instant;

/**
 * An environment's folder holds what the portal expects again (someone put the edit back)
 * without anyone deciding.
 *
 * <p>
 * Published by gitops-writer's drift check; {@link Environments} clears the drift.
 */
public record DriftResolved(String team, String environment, Instant resolvedAt) {

}
