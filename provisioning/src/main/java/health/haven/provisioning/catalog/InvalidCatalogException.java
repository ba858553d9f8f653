package health.haven.provisioning.catalog;

/**
 * A catalog file that cannot be loaded as it is. The portal refuses to start on one.
 */
public class InvalidCatalogException extends RuntimeException {

	public InvalidCatalogException(String message) {
		super(message);
	}

	public InvalidCatalogException(String message, Throwable cause) {
		super(message, cause);
	}

}
