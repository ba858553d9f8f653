package health.haven.gitops.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A client per kubeconfig context (the current one for {@code null}), from the configured
 * kubeconfig or the service account of the portal's pod. Read access to the controllers'
 * objects is all the portal asks of a cluster.
 */
public class KubernetesClients implements AutoCloseable {

	private static final String CURRENT = "";

	private final Function<String, KubernetesClient> factory;

	private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

	KubernetesClients(Function<String, KubernetesClient> factory) {
		this.factory = factory;
	}

	public static KubernetesClients of(ReconcileSettings settings) {
		return new KubernetesClients(
				(context) -> new KubernetesClientBuilder().withConfig(config(settings, context)).build());
	}

	public KubernetesClient client(String context) {
		return this.clients.computeIfAbsent((context != null) ? context : CURRENT,
				(key) -> this.factory.apply(CURRENT.equals(key) ? null : key));
	}

	private static Config config(ReconcileSettings settings, String context) {
		if (!settings.hasKubeconfig()) {
			return Config.autoConfigure(context);
		}
		Path file = settings.kubeconfigFile();
		try {
			return Config.fromKubeconfig(context, Files.readString(file), file.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the kubeconfig " + file, ex);
		}
	}

	@Override
	public void close() {
		this.clients.values().forEach(KubernetesClient::close);
		this.clients.clear();
	}

}
