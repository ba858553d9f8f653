package health.haven.provisioning.catalog;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One stored version of a catalog item. Written once, never changed: a request made from
 * version 3 can always be rendered again from exactly what version 3 said.
 */
@Entity
@Table(name = "catalog_item_version")
class CatalogItemVersion {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String itemKey;

	private int version;

	private String name;

	private String checksum;

	@Column(columnDefinition = "json")
	@ColumnTransformer(write = "?::json")
	private String definition;

	private String source;

	private Instant loadedAt;

	protected CatalogItemVersion() {
	}

	CatalogItemVersion(String itemKey, int version, String name, String checksum, String definition, String source,
			Instant loadedAt) {
		this.itemKey = itemKey;
		this.version = version;
		this.name = name;
		this.checksum = checksum;
		this.definition = definition;
		this.source = source;
		this.loadedAt = loadedAt;
	}

	String getItemKey() {
		return this.itemKey;
	}

	int getVersion() {
		return this.version;
	}

	String getChecksum() {
		return this.checksum;
	}

	String getDefinition() {
		return this.definition;
	}

	Instant getLoadedAt() {
		return this.loadedAt;
	}

}
