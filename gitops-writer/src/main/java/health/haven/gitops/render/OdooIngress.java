package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;
import static health.haven.gitops.render.Tree.metadata;
import static health.haven.gitops.render.Tree.object;

import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * The way in: a Traefik {@code IngressRoute} over TLS from cert-manager, security headers
 * on every route, requests limited per client (sign-in more tightly), and
 * {@code /web/database} reachable only from the admin allow-list.
 */
final class OdooIngress {

	static final String ADMIN_ALLOW_LIST = "admin-allow-list";

	static final String SECURITY_HEADERS = "security-headers";

	static final String RATE_LIMIT = "rate-limit";

	static final String LOGIN_RATE_LIMIT = "login-rate-limit";

	// No admin networks given: only loopback, which no client of the ingress controller
	// has.
	private static final List<String> NOBODY = List.of("127.0.0.1/32");

	private OdooIngress() {
	}

	static ObjectNode ingressRoute(OdooEnvironment env) {
		// the host is built from DNS-1123 labels only, so it cannot break out of the
		// rule's backquotes
		String host = "Host(`" + env.host() + "`)";
		ObjectNode spec = map("entryPoints", list("websecure"), "routes",
				list(route(host + " && PathPrefix(`/websocket`)", OdooEnvironment.WEBSOCKET_PORT, SECURITY_HEADERS),
						route(host + " && PathPrefix(`/web/database`)", OdooEnvironment.HTTP_PORT, ADMIN_ALLOW_LIST),
						route(host + " && Path(`/web/login`)", OdooEnvironment.HTTP_PORT, SECURITY_HEADERS,
								LOGIN_RATE_LIMIT),
						route(host, OdooEnvironment.HTTP_PORT, SECURITY_HEADERS, RATE_LIMIT)),
				"tls", map("secretName", OdooEnvironment.TLS_SECRET));
		return object("traefik.io/v1alpha1", "IngressRoute",
				metadata(OdooEnvironment.ODOO, env.namespace(), env.labels()), spec);
	}

	static ObjectNode adminAllowList(OdooEnvironment env) {
		List<String> ranges = env.adminAllowList().isEmpty() ? NOBODY : env.adminAllowList();
		return object("traefik.io/v1alpha1", "Middleware", metadata(ADMIN_ALLOW_LIST, env.namespace(), env.labels()),
				map("ipAllowList", map("sourceRange", ranges)));
	}

	static ObjectNode securityHeaders(OdooEnvironment env) {
		ObjectNode headers = map("stsSeconds", 31536000, "stsIncludeSubdomains", true, "forceSTSHeader", true,
				"frameDeny", true, "contentTypeNosniff", true, "referrerPolicy", "same-origin");
		return object("traefik.io/v1alpha1", "Middleware", metadata(SECURITY_HEADERS, env.namespace(), env.labels()),
				map("headers", headers));
	}

	/**
	 * Requests per client address: enough for a busy user, not for a script hammering the
	 * server.
	 */
	static ObjectNode rateLimit(OdooEnvironment env) {
		return object("traefik.io/v1alpha1", "Middleware", metadata(RATE_LIMIT, env.namespace(), env.labels()),
				map("rateLimit", map("average", 50, "burst", 100, "period", "1s")));
	}

	/**
	 * Sign-in attempts per client address: a few a minute, which guessing passwords
	 * cannot live with.
	 */
	static ObjectNode loginRateLimit(OdooEnvironment env) {
		return object("traefik.io/v1alpha1", "Middleware", metadata(LOGIN_RATE_LIMIT, env.namespace(), env.labels()),
				map("rateLimit", map("average", 10, "burst", 10, "period", "1m")));
	}

	static ObjectNode certificate(OdooEnvironment env) {
		ObjectNode spec = map("secretName", OdooEnvironment.TLS_SECRET, "dnsNames", list(env.host()), "issuerRef",
				map("name", env.settings().clusterIssuer(), "kind", "ClusterIssuer"), "privateKey",
				map("algorithm", "ECDSA", "size", 256, "rotationPolicy", "Always"));
		return object("cert-manager.io/v1", "Certificate",
				metadata(OdooEnvironment.ODOO, env.namespace(), env.labels()), spec);
	}

	private static ObjectNode route(String match, int port, String... middlewares) {
		return map("match", match, "kind", "Rule", "middlewares",
				list(Arrays.stream(middlewares).map((name) -> map("name", name)).toArray()), "services",
				list(map("name", OdooEnvironment.ODOO, "port", port)));
	}

}
