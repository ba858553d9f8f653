package health.haven.gitops.render;

/**
 * Where an environment's controller object (an Argo CD {@code Application}, a Flux
 * {@code Kustomization}) lives:
 * {@code clusters/<cluster>/teams/<team>/<environment>.yaml}. A folder per team keeps
 * every tree a commit rewrites small: a cluster's folder of thousands of controller
 * objects side by side was rewritten whole by every commit (a third of a megabyte per
 * commit at 5,000 environments on a cluster). Both controllers read the cluster's folder
 * recursively (Flux by default, Argo CD with {@code directory.recurse}).
 */
final class ControllerPaths {

	private ControllerPaths() {
	}

	static String of(OdooEnvironment env) {
		return "clusters/" + env.cluster() + "/teams/" + env.team() + "/" + env.name() + ".yaml";
	}

	/**
	 * Where Haven before this layout put it: removed by the environment's next change.
	 */
	static String retired(OdooEnvironment env) {
		return "clusters/" + env.cluster() + "/" + env.team() + "-" + env.name() + ".yaml";
	}

}
