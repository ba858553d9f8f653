package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;
import static health.haven.gitops.render.Tree.metadata;
import static health.haven.gitops.render.Tree.object;

import tools.jackson.databind.node.ObjectNode;

/**
 * PostgreSQL as a CloudNativePG {@code Cluster}; outside dev, continuous backups to
 * object storage through the Barman Cloud plugin and a nightly base backup.
 */
final class OdooDatabase {

	private static final String BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";

	private OdooDatabase() {
	}

	static ObjectNode cluster(OdooEnvironment env) {
		ObjectNode spec = map("instances", env.databaseInstances(), "imageName", env.settings().postgresImage(),
				"enableSuperuserAccess", false, "bootstrap",
				map("initdb",
						map("database", "odoo", "owner", "odoo", "secret",
								map("name", OdooEnvironment.DATABASE_SECRET))),
				"storage",
				map("size", env.databaseGi() + "Gi", "storageClass", env.settings().storageClasses().database()),
				"affinity", map("enablePodAntiAffinity", true, "topologyKey", "kubernetes.io/hostname"), "resources",
				map("requests", map("cpu", "500m", "memory", "1Gi"), "limits", map("memory", "2Gi")), "plugins",
				env.backups() ? list(map("name", BARMAN_PLUGIN, "isWALArchiver", true, "parameters",
						map("barmanObjectName", OdooEnvironment.BACKUP_STORE))) : null);
		return object("postgresql.cnpg.io/v1", "Cluster",
				metadata(OdooEnvironment.DATABASE, env.namespace(), env.labels()), spec);
	}

	static ObjectNode objectStore(OdooEnvironment env) {
		OdooSettings.Backups backups = env.settings().backups();
		ObjectNode credentials = map("accessKeyId", map("name", OdooEnvironment.BACKUP_SECRET, "key", "ACCESS_KEY_ID"),
				"secretAccessKey", map("name", OdooEnvironment.BACKUP_SECRET, "key", "ACCESS_SECRET_KEY"));
		ObjectNode configuration = map("destinationPath", backups.destination() + "/" + env.team() + "/" + env.name(),
				"endpointURL", backups.endpoint(), "s3Credentials", credentials, "wal", map("compression", "gzip"),
				"data", map("compression", "gzip"));
		ObjectNode spec = map("configuration", configuration, "retentionPolicy", backups.retention());
		return object("barmancloud.cnpg.io/v1", "ObjectStore",
				metadata(OdooEnvironment.BACKUP_STORE, env.namespace(), env.labels()), spec);
	}

	static ObjectNode scheduledBackup(OdooEnvironment env) {
		ObjectNode spec = map("schedule", env.settings().backups().schedule(), "immediate", true,
				"backupOwnerReference", "self", "cluster", map("name", OdooEnvironment.DATABASE), "method", "plugin",
				"pluginConfiguration", map("name", BARMAN_PLUGIN));
		return object("postgresql.cnpg.io/v1", "ScheduledBackup",
				metadata(OdooEnvironment.DATABASE + "-nightly", env.namespace(), env.labels()), spec);
	}

}
