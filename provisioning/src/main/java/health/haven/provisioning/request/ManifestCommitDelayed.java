package health.haven.provisioning.request;

import java.time.Instant;
import java.util.UUID;

/**
 * The GitOps repository could not take an approved request's change for a reason that
 * passes (the remote unreachable, a push refused, a lock); the writer tries again at
 * {@code nextAttemptAt}. The request stays approved: a transient cause never fails it.
 * Without {@code nextAttemptAt} the change waits for a person instead: its environment's
 * folder was edited by hand, and a platform administrator accepts or discards the edit.
 *
 * <p>
 * Published by gitops-writer through the event publication registry after each failed
 * attempt; {@link EnvironmentRequests} listens and shows the reason and the next attempt
 * on the request. Delivered in any order with {@link ManifestsCommitted}: a delay
 * reported after the commit changes nothing.
 */
public record ManifestCommitDelayed(UUID requestId, String reason, int attempts, Instant nextAttemptAt) {

}
