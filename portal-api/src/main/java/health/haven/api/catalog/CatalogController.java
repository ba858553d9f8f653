package health.haven.api.catalog;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import health.haven.api.http.Versions;
import health.haven.api.problem.ResourceNotFoundException;
import health.haven.provisioning.catalog.Catalog;
import health.haven.provisioning.catalog.CatalogItem;
import health.haven.provisioning.catalog.Tier;

/**
 * The service catalog, latest version of each item.
 */
@RestController
@RequestMapping("/api/v1/catalog")
class CatalogController {

	private final Catalog catalog;

	CatalogController(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping
	List<CatalogItemResponse> list() {
		return this.catalog.latest().stream().map(CatalogItemResponse::of).toList();
	}

	/**
	 * The item's latest version; its {@code ETag} is that version, so a client caches an
	 * item's schema until the platform team publishes a new one.
	 */
	@GetMapping("/{key}")
	ResponseEntity<CatalogItemResponse> one(@PathVariable String key) {
		CatalogItem item = this.catalog.latest(key)
			.orElseThrow(() -> new ResourceNotFoundException("No catalog item " + key));
		return ResponseEntity.ok().eTag(Versions.etag(item.version())).body(CatalogItemResponse.of(item));
	}

	record CatalogItemResponse(String key, int version, String name, String description, Tier tier,
			List<String> environmentClasses, List<String> regions, Map<String, Object> parameters) {

		static CatalogItemResponse of(CatalogItem item) {
			var definition = item.definition();
			return new CatalogItemResponse(item.key(), item.version(), definition.name(), definition.description(),
					definition.tier(), definition.environmentClasses(), definition.regions(), definition.parameters());
		}

	}

}
