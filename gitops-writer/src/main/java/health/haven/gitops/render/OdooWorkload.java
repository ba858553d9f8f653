package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;
import static health.haven.gitops.render.Tree.metadata;
import static health.haven.gitops.render.Tree.object;

import tools.jackson.databind.node.ObjectNode;

/**
 * Odoo itself: the web Deployment (image pinned by digest, restricted security context,
 * probes on {@code /web/health}), its Service, the shared filestore and a disruption
 * budget.
 */
final class OdooWorkload {

	private OdooWorkload() {
	}

	static ObjectNode deployment(OdooEnvironment env) {
		OdooSettings.Image image = env.image();
		ObjectNode container = map("name", OdooEnvironment.ODOO, "image", image.image(), "command", list("odoo"),
				// the image's entrypoint would write its own odoo.conf with default
				// passwords; bypass it
				"args", list("-c", "/etc/odoo-rendered/odoo.conf"), "ports",
				list(port("http", OdooEnvironment.HTTP_PORT), port("websocket", OdooEnvironment.WEBSOCKET_PORT)),
				"startupProbe", probe(10, 60), "readinessProbe", probe(10, 3), "livenessProbe", probe(20, 6),
				"resources",
				map("requests", map("cpu", env.odooCpuMillis() + "m", "memory", env.odooMemoryMi() + "Mi"), "limits",
						map("cpu", (env.odooCpuMillis() * 2) + "m", "memory", env.odooMemoryMi() + "Mi")),
				"securityContext",
				map("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true, "runAsNonRoot", true,
						"capabilities", map("drop", list("ALL"))),
				"env", env.redis() ? sessionStore(env) : null, "volumeMounts",
				list(map("name", "config", "mountPath", "/etc/odoo-rendered", "readOnly", true),
						map("name", "filestore", "mountPath", "/var/lib/odoo"),
						map("name", "tmp", "mountPath", "/tmp")));
		ObjectNode podSpec = map("automountServiceAccountToken", false, "securityContext",
				map("runAsNonRoot", true, "runAsUser", image.runAsUser(), "runAsGroup", image.runAsUser(), "fsGroup",
						image.runAsUser(), "seccompProfile", map("type", "RuntimeDefault")),
				"nodeSelector",
				(env.settings().nodePool() != null) ? map("haven.health/node-pool", env.settings().nodePool()) : null,
				"topologySpreadConstraints",
				list(map("maxSkew", 1, "topologyKey", "kubernetes.io/hostname", "whenUnsatisfiable", "ScheduleAnyway",
						"labelSelector", map("matchLabels", env.odooSelector()))),
				"containers", list(container), "volumes",
				list(map("name", "config", "secret", map("secretName", OdooEnvironment.CONFIG_SECRET)),
						map("name", "filestore", "persistentVolumeClaim", map("claimName", OdooEnvironment.FILESTORE)),
						map("name", "tmp", "emptyDir", map())));
		// under an autoscaler the replica count is its to set: GitOps would undo it
		// otherwise
		ObjectNode spec = map("replicas", env.autoscaled() ? null : env.replicas(), "revisionHistoryLimit", 5,
				"selector", map("matchLabels", env.odooSelector()), "strategy",
				map("type", "RollingUpdate", "rollingUpdate", map("maxUnavailable", 0, "maxSurge", 1)), "template",
				map("metadata", map("labels", env.odooPodLabels()), "spec", podSpec));
		return object("apps/v1", "Deployment", metadata(OdooEnvironment.ODOO, env.namespace(), env.labels()), spec);
	}

	/**
	 * Scales Odoo between the requested replicas and twice as many on CPU: prefork
	 * workers do not give memory back, so memory is a poor signal.
	 */
	static ObjectNode autoscaler(OdooEnvironment env) {
		ObjectNode spec = map("scaleTargetRef",
				map("apiVersion", "apps/v1", "kind", "Deployment", "name", OdooEnvironment.ODOO), "minReplicas",
				env.replicas(), "maxReplicas", env.maxReplicas(), "metrics",
				list(map("type", "Resource", "resource",
						map("name", "cpu", "target", map("type", "Utilization", "averageUtilization", 70)))),
				"behavior", map("scaleDown", map("stabilizationWindowSeconds", 300)));
		return object("autoscaling/v2", "HorizontalPodAutoscaler",
				metadata(OdooEnvironment.ODOO, env.namespace(), env.labels()), spec);
	}

	/**
	 * What session_redis reads: the Redis to keep sessions in, its password from the
	 * secret store, a prefix of the environment's own.
	 */
	private static Object sessionStore(OdooEnvironment env) {
		return list(map("name", "ODOO_SESSION_REDIS", "value", "1"),
				map("name", "ODOO_SESSION_REDIS_HOST", "value", OdooRedis.PRIMARY),
				map("name", "ODOO_SESSION_REDIS_PORT", "value", String.valueOf(OdooEnvironment.REDIS_PORT)),
				map("name", "ODOO_SESSION_REDIS_PASSWORD", "valueFrom",
						map("secretKeyRef", map("name", OdooEnvironment.REDIS_SECRET, "key", "password"))),
				map("name", "ODOO_SESSION_REDIS_PREFIX", "value", env.namespace()),
				map("name", "ODOO_SESSION_REDIS_EXPIRATION", "value", "86400"));
	}

	static ObjectNode service(OdooEnvironment env) {
		ObjectNode spec = map("type", "ClusterIP", "selector", env.odooSelector(), "ports",
				list(servicePort("http", OdooEnvironment.HTTP_PORT),
						servicePort("websocket", OdooEnvironment.WEBSOCKET_PORT)));
		return object("v1", "Service", metadata(OdooEnvironment.ODOO, env.namespace(), env.labels()), spec);
	}

	static ObjectNode filestore(OdooEnvironment env) {
		// every replica reads and writes attachments and sessions: shared storage
		ObjectNode spec = map("accessModes", list("ReadWriteMany"), "storageClassName",
				env.settings().storageClasses().filestore(), "resources",
				map("requests", map("storage", env.filestoreGi() + "Gi")));
		return object("v1", "PersistentVolumeClaim", metadata(OdooEnvironment.FILESTORE, env.namespace(), env.labels()),
				spec);
	}

	static ObjectNode disruptionBudget(OdooEnvironment env) {
		ObjectNode spec = map("minAvailable", 1, "selector", map("matchLabels", env.odooSelector()));
		return object("policy/v1", "PodDisruptionBudget", metadata(OdooEnvironment.ODOO, env.namespace(), env.labels()),
				spec);
	}

	private static ObjectNode port(String name, int number) {
		return map("name", name, "containerPort", number, "protocol", "TCP");
	}

	private static ObjectNode servicePort(String name, int number) {
		return map("name", name, "port", number, "targetPort", name, "protocol", "TCP");
	}

	private static ObjectNode probe(int periodSeconds, int failureThreshold) {
		return map("httpGet", map("path", "/web/health", "port", "http"), "periodSeconds", periodSeconds,
				"timeoutSeconds", 5, "failureThreshold", failureThreshold);
	}

}
