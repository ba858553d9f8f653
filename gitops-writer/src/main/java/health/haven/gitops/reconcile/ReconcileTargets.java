package health.haven.gitops.reconcile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import health.haven.gitops.render.ClusterSettings;
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.Placement;

/**
 * What the portal watches: per kubeconfig context and controller, the controller objects
 * of the environments on some clusters. Without a way to reach a cluster, nothing.
 */
public class ReconcileTargets {

	private final List<Target> targets;

	public ReconcileTargets(ReconcileSettings settings, ClusterSettings clusters) {
		this.targets = settings.enabled() ? targetsOf(clusters) : List.of();
	}

	public static ReconcileTargets none() {
		return new ReconcileTargets(new ReconcileSettings(null, false, null, null, null), ClusterSettings.none());
	}

	/**
	 * Whether the portal watches the controller object of an environment placed so.
	 */
	public boolean watches(Placement placement) {
		return placement != null && this.targets.stream().anyMatch((target) -> target.covers(placement));
	}

	List<Target> targets() {
		return this.targets;
	}

	private static List<Target> targetsOf(ClusterSettings settings) {
		Map<List<Object>, List<ClusterSettings.Cluster>> groups = new LinkedHashMap<>();
		for (ClusterSettings.Cluster cluster : settings.clusters()) {
			groups.computeIfAbsent(Arrays.asList(cluster.context(), cluster.controller()), (key) -> new ArrayList<>())
				.add(cluster);
		}
		List<Target> targets = new ArrayList<>();
		boolean defaultArgo = false;
		for (List<ClusterSettings.Cluster> group : groups.values()) {
			ClusterSettings.Cluster first = group.get(0);
			String namespace = group.stream().allMatch((c) -> Objects.equals(c.namespace(), first.namespace()))
					? first.namespace() : null;
			boolean isDefault = first.context() == null && first.controller() == GitOpsController.ARGO_CD;
			defaultArgo |= isDefault;
			// the default context's Argo CD also applies every cluster not listed
			targets.add(new Target(first.context(), first.controller(), isDefault ? null : namespace,
					isDefault ? null : group.stream().map(ClusterSettings.Cluster::name).toList()));
		}
		if (!defaultArgo) {
			targets.add(new Target(null, GitOpsController.ARGO_CD, null, null));
		}
		return List.copyOf(targets);
	}

	/**
	 * One watch.
	 *
	 * @param context the kubeconfig context ({@code null}: the current one)
	 * @param namespace the namespace watched ({@code null}: every namespace)
	 * @param clusters the clusters whose environments it covers ({@code null}: every
	 * cluster this controller applies that no other watch covers)
	 */
	record Target(String context, GitOpsController controller, String namespace, List<String> clusters) {

		boolean covers(Placement placement) {
			return placement.controller() == this.controller
					&& (this.clusters == null || this.clusters.contains(placement.cluster()));
		}

		String describe() {
			return this.controller.displayName() + " objects in "
					+ ((this.namespace != null) ? "namespace " + this.namespace : "every namespace") + " of "
					+ ((this.context != null) ? "context " + this.context : "the current kubeconfig context");
		}

	}

}
