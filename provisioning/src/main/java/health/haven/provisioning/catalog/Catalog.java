package health.haven.provisioning.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service catalog as requesters see it: the latest version of each item, and any
 * pinned version.
 */
@Service
@Transactional(readOnly = true)
public class Catalog {

	private final CatalogItemVersionRepository versions;

	// Versions never change once stored, so what was read and parsed once can be kept.
	private final Map<String, CatalogItem> pinned = new ConcurrentHashMap<>();

	private final Map<String, ParameterSchema> schemas = new ConcurrentHashMap<>();

	Catalog(CatalogItemVersionRepository versions) {
		this.versions = versions;
	}

	public List<CatalogItem> latest() {
		return this.versions.findLatestVersions().stream().map(this::toItem).toList();
	}

	public Optional<CatalogItem> latest(String key) {
		return this.versions.findFirstByItemKeyOrderByVersionDesc(key).map(this::toItem);
	}

	/**
	 * An item at the version a request pinned; read from the database once, then kept.
	 */
	public Optional<CatalogItem> version(String key, int version) {
		CatalogItem known = this.pinned.get(id(key, version));
		return (known != null) ? Optional.of(known)
				: this.versions.findByItemKeyAndVersion(key, version).map(this::toItem);
	}

	public ParameterSchema parameterSchema(CatalogItem item) {
		return this.schemas.computeIfAbsent(id(item.key(), item.version()),
				(id) -> ParameterSchema.compile(item.definition()));
	}

	private static String id(String key, int version) {
		return key + "@" + version;
	}

	private CatalogItem toItem(CatalogItemVersion version) {
		return this.pinned.computeIfAbsent(id(version.getItemKey(), version.getVersion()), (id) -> {
			CatalogDefinition definition = CatalogJson.MAPPER.readValue(version.getDefinition(),
					CatalogDefinition.class);
			return new CatalogItem(version.getItemKey(), version.getVersion(), version.getChecksum(),
					version.getLoadedAt(), definition);
		});
	}

}
