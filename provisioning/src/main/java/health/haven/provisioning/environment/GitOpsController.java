package health.haven.provisioning.environment;

/**
 * The GitOps controller that applies an environment's folder to its cluster.
 */
public enum GitOpsController {

	/**
	 * Argo CD, through an {@code Application} (and the team's {@code AppProject}).
	 */
	ARGO_CD("Argo CD"),

	/**
	 * Flux, through a {@code Kustomization} on the cluster's {@code GitRepository}.
	 */
	FLUX("Flux");

	private final String displayName;

	GitOpsController(String displayName) {
		this.displayName = displayName;
	}

	/**
	 * The controller's name as its users write it.
	 */
	public String displayName() {
		return this.displayName;
	}

}
