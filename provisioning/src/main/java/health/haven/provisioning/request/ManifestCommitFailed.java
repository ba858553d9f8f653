package health.haven.provisioning.request;

import java.util.UUID;

/**
 * Writing an approved request to the GitOps repository failed in a way retrying at once
 * will not fix (invalid manifests, a refused path, a repository that keeps rejecting the
 * push).
 *
 * <p>
 * Published by gitops-writer through the event publication registry;
 * {@link EnvironmentRequests} listens and marks the request FAILED with the step and the
 * reason.
 */
public record ManifestCommitFailed(UUID requestId, String step, String reason) {

}
