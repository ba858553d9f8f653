package health.haven.gitops.render;

import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.people.Names;

/**
 * The clusters the platform team runs, and which GitOps controller applies each one's
 * environments ({@code haven.gitops.clusters[i].name}, {@code .controller}, ...). A
 * cluster not listed is applied by Argo CD, whose objects live where the catalog item's
 * settings say.
 */
@ConfigurationProperties("haven.gitops")
public record ClusterSettings(@DefaultValue List<Cluster> clusters) {

	public ClusterSettings {
		clusters = List.copyOf(clusters);
	}

	public static ClusterSettings none() {
		return new ClusterSettings(List.of());
	}

	public Optional<Cluster> cluster(String name) {
		return this.clusters.stream().filter((cluster) -> cluster.name().equals(name)).findFirst();
	}

	public GitOpsController controllerOf(String cluster) {
		return cluster(cluster).map(Cluster::controller).orElse(GitOpsController.ARGO_CD);
	}

	/**
	 * One cluster.
	 *
	 * @param controller the GitOps controller that applies its environments
	 * @param namespace where its controller objects live (Argo CD: the catalog item's
	 * setting by default; Flux: {@code flux-system})
	 * @param context the kubeconfig context in which they are watched; the current one by
	 * default
	 * @param sourceSecret Flux: the Secret in the controller's namespace with the
	 * credentials for the GitOps repository, if it needs any (a name, never a value)
	 */
	public record Cluster(String name, @DefaultValue("ARGO_CD") GitOpsController controller, String namespace,
			String context, String sourceSecret) {

		public Cluster {
			if (!Names.isDns1123Label(name, 63)) {
				throw new IllegalArgumentException(
						"haven.gitops.clusters: a cluster name must be a DNS-1123 label: " + name);
			}
		}

	}

}
