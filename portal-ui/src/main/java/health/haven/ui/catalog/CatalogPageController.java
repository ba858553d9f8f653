package health.haven.ui.catalog;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import health.haven.provisioning.catalog.Catalog;

/**
 * The service catalog page: what can be requested.
 */
@Controller
class CatalogPageController {

	private final Catalog catalog;

	CatalogPageController(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/catalog")
	String catalog(Model model) {
		model.addAttribute("items", this.catalog.latest());
		return "catalog/list";
	}

}
