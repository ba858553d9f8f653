package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;

import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.node.ObjectNode;

/**
 * Argo CD's objects for an environment: the {@code Application} that syncs its folder to
 * its cluster automatically, and the team's {@code AppProject} on that cluster, which
 * lets the team's applications read only the GitOps repository and write only into the
 * team's namespaces on that cluster.
 */
final class ArgoCd {

	private ArgoCd() {
	}

	static String projectPath(OdooEnvironment env) {
		return "clusters/" + env.cluster() + "/projects/" + env.team() + ".yaml";
	}

	static ObjectNode application(OdooEnvironment env) {
		ObjectNode metadata = map("name", env.namespace(), "namespace", env.controllerNamespace(), "labels",
				env.labels());
		ObjectNode spec = map("project", projectName(env), "source",
				map("repoURL", env.destination().repositoryUrl(), "targetRevision", env.destination().branch(), "path",
						env.folder()),
				"destination", map("name", env.cluster(), "namespace", env.namespace()), "syncPolicy",
				map("automated", map("prune", true, "selfHeal", true), "syncOptions", list("ServerSideApply=true")));
		return map("apiVersion", "argoproj.io/v1alpha1", "kind", "Application", "metadata", metadata, "spec", spec);
	}

	static ObjectNode project(OdooEnvironment env) {
		Map<String, String> labels = new TreeMap<>();
		labels.put("app.kubernetes.io/managed-by", "haven");
		labels.put("haven.health/team", env.team());
		ObjectNode metadata = map("name", projectName(env), "namespace", env.controllerNamespace(), "labels", labels);
		ObjectNode spec = map("description",
				"Haven environments of team " + env.team() + " on cluster " + env.cluster(), "sourceRepos",
				list(env.destination().repositoryUrl()), "destinations",
				list(map("name", env.cluster(), "namespace", "odoo-" + env.team() + "-*")),
				// an environment brings its own namespace; nothing else cluster-wide
				"clusterResourceWhitelist", list(map("group", "", "kind", "Namespace")), "orphanedResources",
				map("warn", true));
		return map("apiVersion", "argoproj.io/v1alpha1", "kind", "AppProject", "metadata", metadata, "spec", spec);
	}

	/**
	 * One project per team and cluster, so that its destinations can be exact.
	 */
	static String projectName(OdooEnvironment env) {
		return env.settings().argocd().project() + "-" + env.team() + "-" + env.cluster();
	}

}
