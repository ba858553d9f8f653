package health.haven.api.catalog;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

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

	@GetMapping("/{key}")
	CatalogItemResponse one(@PathVariable String key) {
		return this.catalog.latest(key)
			.map(CatalogItemResponse::of)
			.orElseThrow(() -> new ResourceNotFoundException("No catalog item " + key));
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
