package health.haven.provisioning.request;

import java.util.UUID;

import health.haven.provisioning.environment.Placement;

/**
 * The manifests of an approved request are in the GitOps repository at {@code commitSha}.
 *
 * <p>
 * Published by gitops-writer once the commit is on the branch (also when a re-delivered
 * approval found its commit already there), through the event publication registry;
 * {@link EnvironmentRequests} listens and marks the request committed, idempotently, and
 * the environment takes the change.
 *
 * @param path the environment's folder in the repository,
 * {@code environments/<team>/<environment>}
 * @param placement where the environment runs and which controller object reconciles it
 * ({@code null} in publications stored before it existed)
 * @param watched whether the portal watches that controller object, and so will hear how
 * the change goes
 */
public record ManifestsCommitted(UUID requestId, String commitSha, String path, Placement placement, boolean watched) {

}
