package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;
import static health.haven.gitops.render.Tree.metadata;
import static health.haven.gitops.render.Tree.object;

import tools.jackson.databind.node.ObjectNode;

/**
 * Every credential as an External Secrets Operator {@code ExternalSecret}: git holds only
 * references into the secret store of the environment's own class, never a value and
 * never a plain Secret.
 */
final class OdooSecrets {

	private static final String API_VERSION = "external-secrets.io/v1";

	private OdooSecrets() {
	}

	/**
	 * odoo.conf, rendered by the operator from its template; the admin and database
	 * passwords are filled in from the store. {@code admin_passwd} can only come from
	 * this file.
	 */
	static ObjectNode odooConfig(OdooEnvironment env) {
		ObjectNode template = map("engineVersion", "v2", "data", map("odoo.conf", odooConf(env)));
		return externalSecret(env, OdooEnvironment.CONFIG_SECRET, template,
				remote("dbPassword", env.secretPath("database"), "password"),
				remote("adminPasswd", env.secretPath("odoo"), "admin_passwd"));
	}

	/**
	 * The database owner's credentials, which CloudNativePG bootstraps the database with.
	 */
	static ObjectNode databaseCredentials(OdooEnvironment env) {
		ObjectNode template = map("type", "kubernetes.io/basic-auth", "engineVersion", "v2", "data",
				map("username", "odoo", "password", "{{ .password }}"));
		return externalSecret(env, OdooEnvironment.DATABASE_SECRET, template,
				remote("password", env.secretPath("database"), "password"));
	}

	static ObjectNode backupCredentials(OdooEnvironment env) {
		ObjectNode template = map("engineVersion", "v2", "data",
				map("ACCESS_KEY_ID", "{{ .accessKeyId }}", "ACCESS_SECRET_KEY", "{{ .secretAccessKey }}"));
		return externalSecret(env, OdooEnvironment.BACKUP_SECRET, template,
				remote("accessKeyId", env.secretPath("backup"), "access_key_id"),
				remote("secretAccessKey", env.secretPath("backup"), "secret_access_key"));
	}

	/**
	 * Redis's password, for Redis itself and for Odoo's session store.
	 */
	static ObjectNode redisCredentials(OdooEnvironment env) {
		ObjectNode template = map("engineVersion", "v2", "data", map("password", "{{ .password }}"));
		return externalSecret(env, OdooEnvironment.REDIS_SECRET, template,
				remote("password", env.secretPath("redis"), "password"));
	}

	private static ObjectNode externalSecret(OdooEnvironment env, String name, ObjectNode template,
			ObjectNode... data) {
		ObjectNode spec = map("refreshInterval", "1h", "secretStoreRef",
				map("name", env.secretStore(), "kind", "ClusterSecretStore"), "target",
				map("name", name, "creationPolicy", "Owner", "template", template), "data", list((Object[]) data));
		return object(API_VERSION, "ExternalSecret", metadata(name, env.namespace(), env.labels()), spec);
	}

	private static ObjectNode remote(String secretKey, String key, String property) {
		return map("secretKey", secretKey, "remoteRef", map("key", key, "property", property));
	}

	/**
	 * The odoo.conf text. Every value in it is a derived name or a validated number; the
	 * secrets are template references the operator resolves.
	 */
	static String odooConf(OdooEnvironment env) {
		return String.join("\n", "[options]", "db_host = " + OdooEnvironment.DATABASE + "-rw",
				"db_port = " + OdooEnvironment.POSTGRES_PORT, "db_user = odoo", "db_password = {{ .dbPassword }}",
				"db_name = odoo", "dbfilter = ^odoo$", "db_sslmode = require", "list_db = False", "proxy_mode = True",
				"admin_passwd = {{ .adminPasswd }}", "data_dir = /var/lib/odoo", "workers = " + env.workers(),
				"max_cron_threads = 1", "gevent_port = " + OdooEnvironment.WEBSOCKET_PORT,
				"limit_memory_soft = " + (320L * 1024 * 1024), "limit_memory_hard = " + (384L * 1024 * 1024),
				"limit_time_cpu = 600", "limit_time_real = 1200", "limit_request = 8192",
				// sessions in Redis (camptocamp's session_redis, in the item's image)
				// when it has one
				env.redis() ? "server_wide_modules = base,web,session_redis\n" : "");
	}

}
