package health.haven.gitops.render;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import health.haven.provisioning.catalog.EnvironmentClass;
import health.haven.provisioning.catalog.Tier;
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.request.RequestApproved;

/**
 * One Odoo environment with everything derived from its request and catalog settings:
 * names, sizes, the image, the target cluster. The parts of the renderer read from here
 * and nowhere else.
 */
record OdooEnvironment(RequestApproved request, OdooSettings settings, Destination destination) {

	static final String DATABASE = "odoo-db";

	static final String DATABASE_SECRET = "odoo-db-app";

	static final String CONFIG_SECRET = "odoo-config";

	static final String BACKUP_SECRET = "odoo-backup-credentials";

	static final String BACKUP_STORE = "odoo-backups";

	static final String TLS_SECRET = "odoo-tls";

	static final String FILESTORE = "odoo-filestore";

	static final String ODOO = "odoo";

	static final int HTTP_PORT = 8069;

	static final int WEBSOCKET_PORT = 8072;

	static final int POSTGRES_PORT = 5432;

	static final int REDIS_PORT = 6379;

	static final String REDIS = "redis";

	static final String REDIS_SECRET = "redis-credentials";

	String team() {
		return this.request.team();
	}

	String name() {
		return this.request.environment();
	}

	String namespace() {
		return "odoo-" + team() + "-" + name();
	}

	String host() {
		return name() + "." + team() + "." + this.settings.domain();
	}

	String folder() {
		return "environments/" + team() + "/" + name();
	}

	String cluster() {
		String cluster = this.settings.clusters().get(this.request.region());
		if (cluster == null) {
			throw new RenderingException("No cluster configured for region " + this.request.region());
		}
		return cluster;
	}

	GitOpsController controller() {
		return this.destination.clusters().controllerOf(cluster());
	}

	/**
	 * Where the controller objects live: as the cluster's settings say, or Argo CD's
	 * namespace from the catalog item, or Flux's {@code flux-system}.
	 */
	String controllerNamespace() {
		return this.destination.clusters()
			.cluster(cluster())
			.map(ClusterSettings.Cluster::namespace)
			.filter((namespace) -> namespace != null)
			.orElse((controller() == GitOpsController.FLUX) ? "flux-system" : this.settings.argocd().namespace());
	}

	/**
	 * Production on a cluster of its own scales Odoo with its load.
	 */
	boolean autoscaled() {
		return this.request.tier() == Tier.DEDICATED && EnvironmentClass.PROD.equals(this.request.environmentClass());
	}

	/**
	 * The most Odoo replicas the autoscaler may run: twice the requested number, within
	 * what the database's connections allow.
	 */
	int maxReplicas() {
		return Math.min(Math.max(replicas() * 2, replicas() + 1), 10);
	}

	boolean redis() {
		return this.settings.redis() != null;
	}

	int redisInstances() {
		return this.settings.redis().replicas().getOrDefault(this.request.environmentClass(), 1);
	}

	String secretStore() {
		String store = this.settings.secretStores().get(this.request.environmentClass());
		if (store == null) {
			throw new RenderingException(
					"No secret store configured for environment class " + this.request.environmentClass());
		}
		return store;
	}

	/**
	 * Where this environment's secrets live in the store: one path per team and
	 * environment.
	 */
	String secretPath(String name) {
		return "haven/" + team() + "/" + name() + "/" + name;
	}

	OdooSettings.Image image() {
		OdooSettings.Image image = this.settings.images().get(odooVersion());
		if (image == null) {
			throw new RenderingException("No image pinned for Odoo " + odooVersion());
		}
		return image;
	}

	String odooVersion() {
		return String.valueOf(this.request.parameters().get("odooVersion"));
	}

	int workers() {
		return intParameter("workers");
	}

	int replicas() {
		return intParameter("replicas");
	}

	int filestoreGi() {
		return intParameter("storageGi");
	}

	int databaseGi() {
		return intParameter("databaseStorageGi");
	}

	int databaseInstances() {
		return this.settings.databaseInstances().getOrDefault(this.request.environmentClass(), 1);
	}

	boolean backups() {
		return !EnvironmentClass.DEV.equals(this.request.environmentClass());
	}

	/**
	 * Memory per Odoo pod: a base plus what each prefork worker may use before it is
	 * recycled.
	 */
	int odooMemoryMi() {
		return 512 + 384 * workers();
	}

	int odooCpuMillis() {
		return 250 * workers();
	}

	List<String> adminAllowList() {
		Object list = this.request.parameters().get("adminAllowList");
		return (list instanceof List<?> values) ? values.stream().map(String::valueOf).toList() : List.of();
	}

	Map<String, String> labels() {
		Map<String, String> labels = new TreeMap<>();
		labels.put("app.kubernetes.io/managed-by", "haven");
		labels.put("haven.health/team", team());
		labels.put("haven.health/environment", name());
		labels.put("haven.health/environment-class", this.request.environmentClass());
		return labels;
	}

	Map<String, String> odooSelector() {
		return Map.of("app.kubernetes.io/name", ODOO, "app.kubernetes.io/instance", namespace());
	}

	Map<String, String> odooPodLabels() {
		Map<String, String> labels = new TreeMap<>(labels());
		labels.putAll(odooSelector());
		return labels;
	}

	private int intParameter(String name) {
		Object value = this.request.parameters().get(name);
		if (!(value instanceof Number number)) {
			throw new RenderingException("Parameter " + name + " is missing or not a number");
		}
		return number.intValue();
	}

}
