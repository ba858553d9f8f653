package health.haven.gitops.reconcile;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the portal reaches the clusters whose GitOps controllers it watches.
 *
 * @param kubeconfig a kubeconfig file ({@code KUBECONFIG}); empty for none
 * @param inCluster whether to use the service account of the pod the portal runs in; by
 * default when the portal runs in a pod
 * @param resync how often the informers hand every object over again, as a safety net for
 * a missed event
 * @param checkInterval how often each watch is checked: a watch found down makes its
 * environments unknown
 * @param startTimeout how long a watch may take to list its objects at first before its
 * environments count as unknown
 */
@ConfigurationProperties("haven.reconcile")
public record ReconcileSettings(String kubeconfig, Boolean inCluster, @DefaultValue("60s") Duration resync,
		@DefaultValue("5s") Duration checkInterval, @DefaultValue("30s") Duration startTimeout) {

	static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

	/**
	 * Whether any cluster can be reached: without a kubeconfig or a service account the
	 * portal says "no reconciler connected" and stays useful.
	 */
	public boolean enabled() {
		return hasKubeconfig() || runsInCluster();
	}

	boolean hasKubeconfig() {
		return this.kubeconfig != null && !this.kubeconfig.isBlank();
	}

	/**
	 * The kubeconfig file: the first of a list such as {@code KUBECONFIG} may hold
	 * ({@code a:b}) that exists, or the first when none does (reading it then says so).
	 */
	Path kubeconfigFile() {
		String[] files = this.kubeconfig.split(File.pathSeparator);
		for (String file : files) {
			if (!file.isBlank() && Files.isRegularFile(Path.of(file))) {
				return Path.of(file);
			}
		}
		return Path.of(files[0]);
	}

	boolean runsInCluster() {
		if (this.inCluster != null) {
			return this.inCluster;
		}
		return System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.isReadable(SERVICE_ACCOUNT_TOKEN);
	}

}
