package health.haven.provisioning.request;

import java.util.UUID;

/**
 * The manifests of an approved request are in the GitOps repository at {@code commitSha}.
 *
 * <p>
 * Published by gitops-writer after the commit (also when a re-delivered approval found
 * its commit already there), through the event publication registry;
 * {@link EnvironmentRequests} listens and marks the request committed, idempotently.
 *
 * @param path the environment's folder in the repository,
 * {@code environments/<team>/<environment>}
 */
public record ManifestsCommitted(UUID requestId, String commitSha, String path) {

}
