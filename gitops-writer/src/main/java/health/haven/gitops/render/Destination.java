package health.haven.gitops.render;

/**
 * Where the GitOps controllers read the environments from (the repository URL they know
 * and the branch), and which controller applies each cluster's environments.
 */
public record Destination(String repositoryUrl, String branch, ClusterSettings clusters) {

	public Destination {
		if (repositoryUrl == null || repositoryUrl.isBlank() || branch == null || branch.isBlank()) {
			throw new IllegalArgumentException("A destination needs a repository URL and a branch");
		}
		clusters = (clusters != null) ? clusters : ClusterSettings.none();
	}

	/**
	 * A destination whose clusters are all applied by Argo CD.
	 */
	public Destination(String repositoryUrl, String branch) {
		this(repositoryUrl, branch, ClusterSettings.none());
	}

}
