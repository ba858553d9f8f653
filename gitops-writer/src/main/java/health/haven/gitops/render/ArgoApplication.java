package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;

import tools.jackson.databind.node.ObjectNode;

/**
 * The Argo CD {@code Application} that points the environment's cluster at its folder,
 * synced automatically from the branch the portal writes.
 */
final class ArgoApplication {

	private ArgoApplication() {
	}

	static String path(OdooEnvironment env) {
		return "clusters/" + env.cluster() + "/" + env.team() + "-" + env.name() + ".yaml";
	}

	static ObjectNode of(OdooEnvironment env) {
		ObjectNode metadata = map("name", env.namespace(), "namespace", env.settings().argocd().namespace(), "labels",
				env.labels());
		ObjectNode spec = map("project", env.settings().argocd().project(), "source",
				map("repoURL", env.destination().repositoryUrl(), "targetRevision", env.destination().branch(), "path",
						env.folder()),
				"destination", map("name", env.cluster(), "namespace", env.namespace()), "syncPolicy",
				map("automated", map("prune", true, "selfHeal", true), "syncOptions", list("ServerSideApply=true")));
		return map("apiVersion", "argoproj.io/v1alpha1", "kind", "Application", "metadata", metadata, "spec", spec);
	}

}
