package health.haven.provisioning.environment;

import java.time.Instant;

/**
 * A platform administrator accepted or discarded a hand edit of an environment's folder.
 *
 * <p>
 * Published by {@link Environments} in the transaction that records the decision, through
 * the event publication registry; gitops-writer listens and lets waiting changes go, or
 * writes back what the portal wrote before. Its listener is idempotent.
 */
public record DriftDecided(String team, String environment, String folder, DriftDecision decision, String decidedBy,
		String comment, Instant decidedAt) {

}
