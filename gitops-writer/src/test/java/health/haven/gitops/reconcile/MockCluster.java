package health.haven.gitops.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import org.springframework.core.io.ClassPathResource;

import health.haven.gitops.validate.ManifestSchemas;

/**
 * A cluster for tests: fabric8's mock API server in CRUD mode with the Argo CD and Flux
 * CRDs the portal ships registered (so that {@code /status} is a subresource, as on a
 * real API server), and the GitOps controller's side of things: the test creates the
 * controller objects and writes their status as Argo CD or Flux would.
 */
public final class MockCluster implements AutoCloseable {

	private final KubernetesMockServer server;

	private final KubernetesClient client;

	private MockCluster(KubernetesMockServer server) {
		this.server = server;
		this.client = server.createClient();
		register("argoproj.io_applications.yaml");
		register("kustomize.toolkit.fluxcd.io_kustomizations.yaml");
	}

	/**
	 * A cluster served over plain HTTP on loopback.
	 */
	public static MockCluster start() {
		KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new KubernetesCrudDispatcher(), false);
		server.init(InetAddress.getLoopbackAddress(), 0);
		return new MockCluster(server);
	}

	public KubernetesClient client() {
		return this.client;
	}

	/**
	 * A kubeconfig that reaches this cluster, for a portal started with it.
	 */
	public String kubeconfig() {
		String url = "http://" + this.server.getHostName() + ":" + this.server.getPort();
		return """
				apiVersion: v1
				kind: Config
				clusters:
				- name: mock
				  cluster: {server: '%s'}
				contexts:
				- name: mock
				  context: {cluster: mock, user: mock, namespace: default}
				current-context: mock
				users:
				- name: mock
				  user: {token: mock-token}
				""".formatted(url);
	}

	/**
	 * Creates a controller object from YAML, as Argo CD's app of apps or Flux would.
	 */
	public GenericKubernetesResource create(String yaml) {
		GenericKubernetesResource object = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
		return this.client.genericKubernetesResources(contextOf(object))
			.inNamespace(object.getMetadata().getNamespace())
			.resource(object)
			.create();
	}

	/**
	 * Writes an object's status, as its controller does.
	 */
	public void status(String kind, String namespace, String name, Map<String, Object> status) {
		ResourceDefinitionContext context = "Kustomization".equals(kind) ? ReconcileTracker.FLUX_KUSTOMIZATIONS
				: ReconcileTracker.ARGO_APPLICATIONS;
		GenericKubernetesResource current = this.client.genericKubernetesResources(context)
			.inNamespace(namespace)
			.withName(name)
			.get();
		current.setAdditionalProperty("status", status);
		this.client.genericKubernetesResources(context).inNamespace(namespace).resource(current).updateStatus();
	}

	/**
	 * Stops the API server: watches drop and do not come back.
	 */
	public void stop() {
		this.server.destroy();
	}

	@Override
	public void close() {
		this.client.close();
		this.server.destroy();
	}

	private void register(String file) {
		try (InputStream in = new ClassPathResource(ManifestSchemas.BUILT_IN + "crds/" + file).getInputStream()) {
			CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
			this.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ResourceDefinitionContext contextOf(GenericKubernetesResource object) {
		return "Kustomization".equals(object.getKind()) ? ReconcileTracker.FLUX_KUSTOMIZATIONS
				: ReconcileTracker.ARGO_APPLICATIONS;
	}

}
