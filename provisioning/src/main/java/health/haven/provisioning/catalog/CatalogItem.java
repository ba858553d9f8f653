package health.haven.provisioning.catalog;

import java.time.Instant;

/**
 * A catalog item at one version, as requesters and renderers see it.
 */
public record CatalogItem(String key, int version, String checksum, Instant loadedAt, CatalogDefinition definition) {

	public String name() {
		return this.definition.name();
	}

	public boolean offers(String environmentClass) {
		return this.definition.environmentClasses().contains(environmentClass);
	}

	public boolean servesRegion(String region) {
		return this.definition.regions().contains(region);
	}

}
