package health.haven.gitops.render;

/**
 * Where the GitOps controller reads the environment from: the repository URL it knows and
 * the branch.
 */
public record Destination(String repositoryUrl, String branch) {

	public Destination {
		if (repositoryUrl == null || repositoryUrl.isBlank() || branch == null || branch.isBlank()) {
			throw new IllegalArgumentException("A destination needs a repository URL and a branch");
		}
	}

}
