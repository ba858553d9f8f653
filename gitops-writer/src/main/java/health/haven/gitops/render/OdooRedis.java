package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;
import static health.haven.gitops.render.Tree.metadata;
import static health.haven.gitops.render.Tree.object;

import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Redis for Odoo's HTTP sessions, where the catalog item offers it: a primary with
 * append-only persistence, and outside dev replicas that follow it (a warm copy to fail
 * over to by hand; the sessions are not the record of anything). Its password comes from
 * the secret store; only Odoo may reach it.
 */
final class OdooRedis {

	static final String PRIMARY = "redis";

	static final String REPLICA = "redis-replica";

	static final String HEADLESS = "redis-headless";

	private OdooRedis() {
	}

	static ObjectNode primary(OdooEnvironment env) {
		return statefulSet(env, PRIMARY, "primary", 1, list());
	}

	/**
	 * The replicas, following the primary; rendered when the class asks for more than one
	 * instance.
	 */
	static ObjectNode replicas(OdooEnvironment env) {
		return statefulSet(env, REPLICA, "replica", env.redisInstances() - 1,
				list("--replicaof", PRIMARY + "-0." + HEADLESS, String.valueOf(OdooEnvironment.REDIS_PORT)));
	}

	static ObjectNode service(OdooEnvironment env) {
		ObjectNode spec = map("type", "ClusterIP", "selector", podLabels("primary"), "ports", list(port()));
		return object("v1", "Service", metadata(PRIMARY, env.namespace(), env.labels()), spec);
	}

	/**
	 * Stable names for every Redis pod: replicas reach {@code redis-0} through it.
	 */
	static ObjectNode headlessService(OdooEnvironment env) {
		ObjectNode spec = map("clusterIP", "None", "selector", Map.of("app.kubernetes.io/name", OdooEnvironment.REDIS),
				"ports", list(port()));
		return object("v1", "Service", metadata(HEADLESS, env.namespace(), env.labels()), spec);
	}

	/**
	 * Odoo reaches Redis, and Redis instances reach each other to replicate; nothing
	 * else.
	 */
	static ObjectNode networkPolicy(OdooEnvironment env) {
		ObjectNode redisPods = map("podSelector", map("matchLabels", redisSelector()));
		ObjectNode fromOdooAndPeers = map("from",
				list(map("podSelector", map("matchLabels", env.odooSelector())), redisPods), "ports",
				list(map("protocol", "TCP", "port", OdooEnvironment.REDIS_PORT)));
		ObjectNode toPeers = map("to", list(redisPods), "ports",
				list(map("protocol", "TCP", "port", OdooEnvironment.REDIS_PORT)));
		ObjectNode spec = map("podSelector", map("matchLabels", redisSelector()), "policyTypes",
				list("Ingress", "Egress"), "ingress", list(fromOdooAndPeers), "egress", list(toPeers));
		return object("networking.k8s.io/v1", "NetworkPolicy", metadata("allow-redis", env.namespace(), env.labels()),
				spec);
	}

	static Map<String, String> redisSelector() {
		return Map.of("app.kubernetes.io/name", OdooEnvironment.REDIS);
	}

	private static ObjectNode statefulSet(OdooEnvironment env, String name, String role, int replicas,
			ArrayNode replicaOf) {
		OdooSettings.Redis redis = env.settings().redis();
		ObjectNode password = map("name", "REDIS_PASSWORD", "valueFrom",
				map("secretKeyRef", map("name", OdooEnvironment.REDIS_SECRET, "key", "password")));
		// $(REDIS_PASSWORD) is expanded by the kubelet from the container's environment:
		// the password is in no manifest
		ArrayNode args = list("--appendonly", "yes", "--dir", "/data", "--requirepass", "$(REDIS_PASSWORD)",
				"--masterauth", "$(REDIS_PASSWORD)");
		args.addAll(replicaOf);
		ObjectNode container = map("name", OdooEnvironment.REDIS, "image", redis.image(), "command",
				list("redis-server"), "args", args, "env", list(password), "ports",
				list(map("name", "redis", "containerPort", OdooEnvironment.REDIS_PORT, "protocol", "TCP")),
				"readinessProbe", map("tcpSocket", map("port", "redis"), "periodSeconds", 5), "livenessProbe",
				map("tcpSocket", map("port", "redis"), "periodSeconds", 10, "failureThreshold", 6), "resources",
				map("requests", map("cpu", "100m", "memory", "256Mi"), "limits", map("cpu", "500m", "memory", "256Mi")),
				"securityContext",
				map("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true, "runAsNonRoot", true,
						"capabilities", map("drop", list("ALL"))),
				"volumeMounts", list(map("name", "data", "mountPath", "/data")));
		ObjectNode podSpec = map("automountServiceAccountToken", false, "securityContext",
				map("runAsNonRoot", true, "runAsUser", redis.runAsUser(), "runAsGroup", redis.runAsUser(), "fsGroup",
						redis.runAsUser(), "seccompProfile", map("type", "RuntimeDefault")),
				"containers", list(container));
		ObjectNode claim = map("metadata", map("name", "data"), "spec",
				map("accessModes", list("ReadWriteOnce"), "storageClassName",
						env.settings().storageClasses().database(), "resources",
						map("requests", map("storage", redis.storageGi() + "Gi"))));
		Map<String, String> labels = new TreeMap<>(env.labels());
		labels.putAll(podLabels(role));
		ObjectNode spec = map("replicas", replicas, "serviceName", HEADLESS, "selector",
				map("matchLabels", podLabels(role)), "template",
				map("metadata", map("labels", labels), "spec", podSpec), "volumeClaimTemplates", list(claim));
		return object("apps/v1", "StatefulSet", metadata(name, env.namespace(), env.labels()), spec);
	}

	private static Map<String, String> podLabels(String role) {
		return Map.of("app.kubernetes.io/name", OdooEnvironment.REDIS, "app.kubernetes.io/component", role);
	}

	private static ObjectNode port() {
		return map("name", "redis", "port", OdooEnvironment.REDIS_PORT, "targetPort", "redis", "protocol", "TCP");
	}

}
