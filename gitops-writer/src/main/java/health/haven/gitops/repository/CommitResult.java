package health.haven.gitops.repository;

/**
 * The commit that holds a request's change.
 *
 * @param created whether this call made it; false when an earlier delivery had already
 * committed it, or when the repository held the change already and no commit was needed
 */
public record CommitResult(String sha, boolean created) {

}
