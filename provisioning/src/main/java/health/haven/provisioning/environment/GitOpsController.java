package health.haven.provisioning.environment;

/**
 * The GitOps controller that applies an environment's folder to its cluster.
 */
public enum GitOpsController {

	/**
	 * Argo CD, through an {@code Application} (and the team's {@code AppProject}).
	 */
	ARGO_CD,

	/**
	 * Flux, through a {@code Kustomization} on the cluster's {@code GitRepository}.
	 */
	FLUX

}
