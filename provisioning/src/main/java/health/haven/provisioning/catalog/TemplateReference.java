package health.haven.provisioning.catalog;

import java.util.Map;

/**
 * Which manifest renderer turns a request into Kubernetes objects, and the item's
 * settings for it (pinned images, target clusters, secret stores). Pinned with the
 * catalog version.
 */
public record TemplateReference(String id, Map<String, Object> settings) {

	public TemplateReference {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("A catalog item names its manifest template");
		}
		settings = (settings != null) ? Map.copyOf(settings) : Map.of();
	}

}
