package health.haven.ui.request;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A request form for a catalog item that does not exist.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
class CatalogItemNotFoundException extends RuntimeException {

	CatalogItemNotFoundException(String key) {
		super("No catalog item " + key);
	}

}
