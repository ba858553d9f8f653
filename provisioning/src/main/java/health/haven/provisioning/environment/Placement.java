package health.haven.provisioning.environment;

/**
 * Where an environment runs and which controller object reconciles it: the object the
 * portal watches to learn whether the environment is applied and healthy.
 *
 * @param cluster the cluster the environment runs on
 * @param controller the GitOps controller of that cluster
 * @param namespace the namespace of the controller object (Argo CD's or Flux's)
 * @param name the controller object's name
 */
public record Placement(String cluster, GitOpsController controller, String namespace, String name) {

	public Placement {
		if (cluster == null || controller == null || namespace == null || name == null) {
			throw new IllegalArgumentException("A placement names the cluster, controller and controller object");
		}
	}

}
