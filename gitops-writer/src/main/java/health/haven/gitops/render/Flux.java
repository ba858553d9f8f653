package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.map;

import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * Flux's objects for an environment: the {@code Kustomization} that applies its folder
 * and waits for what it applied to be ready (so that {@code Ready} means healthy), and
 * the cluster's {@code GitRepository} it reads the folder from.
 */
final class Flux {

	static final String SOURCE = "haven-gitops";

	private Flux() {
	}

	static String sourcePath(OdooEnvironment env) {
		return "clusters/" + env.cluster() + "/" + SOURCE + ".yaml";
	}

	static ObjectNode kustomization(OdooEnvironment env) {
		ObjectNode metadata = map("name", env.namespace(), "namespace", env.controllerNamespace(), "labels",
				env.labels());
		ObjectNode spec = map("interval", "10m", "retryInterval", "1m", "timeout", "10m", "path", "./" + env.folder(),
				"prune", true, "wait", true, "sourceRef", map("kind", "GitRepository", "name", SOURCE));
		return map("apiVersion", "kustomize.toolkit.fluxcd.io/v1", "kind", "Kustomization", "metadata", metadata,
				"spec", spec);
	}

	static ObjectNode source(OdooEnvironment env) {
		String secret = env.destination()
			.clusters()
			.cluster(env.cluster())
			.map(ClusterSettings.Cluster::sourceSecret)
			.orElse(null);
		ObjectNode metadata = map("name", SOURCE, "namespace", env.controllerNamespace(), "labels",
				Map.of("app.kubernetes.io/managed-by", "haven"));
		ObjectNode spec = map("interval", "1m", "url", env.destination().repositoryUrl(), "ref",
				map("branch", env.destination().branch()), "secretRef", (secret != null) ? map("name", secret) : null);
		return map("apiVersion", "source.toolkit.fluxcd.io/v1", "kind", "GitRepository", "metadata", metadata, "spec",
				spec);
	}

}
