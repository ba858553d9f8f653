package health.haven.gitops.render;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an Odoo catalog item's template settings say: pinned images, target clusters per
 * region, secret stores per environment class, storage classes, domain, backup target,
 * Argo CD placement, and a Redis for sessions where the item offers one.
 */
record OdooSettings(Map<String, Image> images, String postgresImage, Map<String, String> clusters, String nodePool,
		Map<String, Integer> databaseInstances, Map<String, String> secretStores, StorageClasses storageClasses,
		String domain, String ingressNamespace, String clusterIssuer, Backups backups, Argo argocd, Redis redis) {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	OdooSettings {
		require(images != null && !images.isEmpty(), "images");
		images.values().forEach((image) -> requireDigest(image.image()));
		requireDigest(postgresImage);
		require(clusters != null && !clusters.isEmpty(), "clusters");
		require(databaseInstances != null, "databaseInstances");
		require(secretStores != null, "secretStores");
		require(storageClasses != null, "storageClasses");
		require(domain != null, "domain");
		require(ingressNamespace != null, "ingressNamespace");
		require(clusterIssuer != null, "clusterIssuer");
		require(backups != null, "backups");
		require(argocd != null, "argocd");
		if (redis != null) {
			requireDigest(redis.image());
			require(redis.replicas() != null && !redis.replicas().isEmpty(), "redis.replicas");
			require(redis.storageGi() > 0, "redis.storageGi");
		}
	}

	static OdooSettings of(Map<String, Object> settings) {
		try {
			return JSON.convertValue(settings, OdooSettings.class);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new RenderingException("The catalog item's template settings are invalid: " + ex.getMessage(), ex);
		}
	}

	private static void require(boolean present, String setting) {
		if (!present) {
			throw new IllegalArgumentException("template setting '" + setting + "' is missing");
		}
	}

	private static void requireDigest(String image) {
		if (image == null || !image.matches("[^\\s@]+@sha256:[0-9a-f]{64}")) {
			throw new IllegalArgumentException("image must be pinned by digest (name@sha256:<64 hex>): " + image);
		}
	}

	record Image(String image, int runAsUser) {
	}

	record StorageClasses(String database, String filestore) {
	}

	record Backups(String destination, String endpoint, String retention, String schedule) {
	}

	record Argo(String namespace, String project) {
	}

	/**
	 * A Redis for Odoo's HTTP sessions, when the item offers one: its pinned image and
	 * the numeric user it runs as, its storage, and how many instances (a primary, and
	 * replicas following it) per environment class.
	 */
	record Redis(String image, int runAsUser, int storageGi, Map<String, Integer> replicas) {
	}

}
