package health.haven.api.problem;

/**
 * An API resource that does not exist, such as an unknown catalog item.
 */
public class ResourceNotFoundException extends RuntimeException {

	public ResourceNotFoundException(String message) {
		super(message);
	}

}
