package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;
import static health.haven.gitops.render.Tree.metadata;
import static health.haven.gitops.render.Tree.object;

import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nothing talks unless allowed: default deny in both directions, then DNS, the ingress
 * controller to Odoo, Odoo to its database (and its Redis, where it has one), and what
 * CloudNativePG needs between its instances and to its operator, the API server and the
 * backup store.
 */
final class OdooNetworkPolicies {

	private static final Map<String, String> DATABASE_PODS = Map.of("cnpg.io/cluster", OdooEnvironment.DATABASE);

	private OdooNetworkPolicies() {
	}

	static ObjectNode defaultDeny(OdooEnvironment env) {
		return policy(env, "default-deny", map(), map("policyTypes", list("Ingress", "Egress")));
	}

	static ObjectNode dns(OdooEnvironment env) {
		ObjectNode toDns = map("to", list(namespace("kube-system")), "ports", list(port("UDP", 53), port("TCP", 53)));
		return policy(env, "allow-dns", map(), map("policyTypes", list("Egress"), "egress", list(toDns)));
	}

	static ObjectNode odoo(OdooEnvironment env) {
		ObjectNode fromIngress = map("from", list(namespace(env.settings().ingressNamespace())), "ports",
				list(port("TCP", OdooEnvironment.HTTP_PORT), port("TCP", OdooEnvironment.WEBSOCKET_PORT)));
		ObjectNode toDatabase = map("to", list(map("podSelector", map("matchLabels", DATABASE_PODS))), "ports",
				list(port("TCP", OdooEnvironment.POSTGRES_PORT)));
		ArrayNode egress = list(toDatabase);
		if (env.redis()) {
			egress.add(map("to", list(map("podSelector", map("matchLabels", OdooRedis.redisSelector()))), "ports",
					list(port("TCP", OdooEnvironment.REDIS_PORT))));
		}
		return policy(env, "allow-odoo", map("matchLabels", env.odooSelector()),
				map("policyTypes", list("Ingress", "Egress"), "ingress", list(fromIngress), "egress", egress));
	}

	static ObjectNode database(OdooEnvironment env) {
		ObjectNode databasePeers = map("podSelector", map("matchLabels", DATABASE_PODS));
		ObjectNode fromOdoo = map("from", list(map("podSelector", map("matchLabels", env.odooSelector()))), "ports",
				list(port("TCP", OdooEnvironment.POSTGRES_PORT)));
		ObjectNode fromPeersAndOperator = map("from", list(databasePeers, namespace("cnpg-system")), "ports",
				list(port("TCP", OdooEnvironment.POSTGRES_PORT), port("TCP", 8000)));
		ObjectNode toPeers = map("to", list(databasePeers), "ports",
				list(port("TCP", OdooEnvironment.POSTGRES_PORT), port("TCP", 8000)));
		// the instance manager talks to the API server, and the backup plugin to object
		// storage
		ObjectNode toApiAndStorage = map("ports", list(port("TCP", 443), port("TCP", 6443)));
		return policy(env, "allow-database", map("matchLabels", DATABASE_PODS),
				map("policyTypes", list("Ingress", "Egress"), "ingress", list(fromOdoo, fromPeersAndOperator), "egress",
						list(toPeers, toApiAndStorage)));
	}

	private static ObjectNode policy(OdooEnvironment env, String name, ObjectNode podSelector, ObjectNode rules) {
		ObjectNode spec = map("podSelector", podSelector);
		spec.setAll(rules);
		return object("networking.k8s.io/v1", "NetworkPolicy", metadata(name, env.namespace(), env.labels()), spec);
	}

	private static ObjectNode namespace(String name) {
		return map("namespaceSelector", map("matchLabels", Map.of("kubernetes.io/metadata.name", name)));
	}

	private static ObjectNode port(String protocol, int port) {
		return map("protocol", protocol, "port", port);
	}

}
