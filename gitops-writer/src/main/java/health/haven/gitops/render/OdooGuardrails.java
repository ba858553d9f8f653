package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;
import static health.haven.gitops.render.Tree.metadata;
import static health.haven.gitops.render.Tree.object;

import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.node.ObjectNode;

/**
 * The namespace and what bounds it: pod security "restricted", a resource quota sized
 * from the request, and default container limits.
 */
final class OdooGuardrails {

	private OdooGuardrails() {
	}

	static ObjectNode namespace(OdooEnvironment env) {
		Map<String, String> labels = new TreeMap<>(env.labels());
		labels.put("pod-security.kubernetes.io/enforce", "restricted");
		labels.put("pod-security.kubernetes.io/enforce-version", "latest");
		labels.put("pod-security.kubernetes.io/audit", "restricted");
		labels.put("pod-security.kubernetes.io/warn", "restricted");
		ObjectNode metadata = map("name", env.namespace(), "labels", labels, "annotations",
				Map.of("haven.health/request", env.request().requestId().toString()));
		return map("apiVersion", "v1", "kind", "Namespace", "metadata", metadata);
	}

	static ObjectNode resourceQuota(OdooEnvironment env) {
		// room for every Odoo replica the autoscaler may run plus one surge pod during a
		// rolling update, the database and Redis
		int odooPods = (env.autoscaled() ? env.maxReplicas() : env.replicas()) + 1;
		int redisPods = env.redis() ? env.redisInstances() : 0;
		int memoryMi = odooPods * env.odooMemoryMi() + env.databaseInstances() * 2048 + redisPods * 256 + 512;
		int cpuMillis = odooPods * env.odooCpuMillis() + env.databaseInstances() * 1000 + redisPods * 250 + 500;
		int storageGi = env.filestoreGi() + env.databaseInstances() * env.databaseGi() * 2
				+ (env.redis() ? redisPods * env.settings().redis().storageGi() : 0);
		ObjectNode hard = map("requests.cpu", cpuMillis + "m", "requests.memory", memoryMi + "Mi", "limits.cpu",
				(cpuMillis * 2) + "m", "limits.memory", memoryMi + "Mi", "requests.storage", storageGi + "Gi",
				"persistentvolumeclaims", String.valueOf(2 + 2 * env.databaseInstances() + redisPods),
				"services.loadbalancers", "0", "services.nodeports", "0");
		return object("v1", "ResourceQuota", metadata("quota", env.namespace(), env.labels()), map("hard", hard));
	}

	static ObjectNode limitRange(OdooEnvironment env) {
		ObjectNode limit = map("type", "Container", "default", map("cpu", "500m", "memory", "512Mi"), "defaultRequest",
				map("cpu", "100m", "memory", "256Mi"));
		return object("v1", "LimitRange", metadata("defaults", env.namespace(), env.labels()),
				map("limits", list(limit)));
	}

}
