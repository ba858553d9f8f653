package health.haven.provisioning.request;

import java.util.UUID;

/**
 * No request with that id exists, or none the asker may see.
 */
public class RequestNotFoundException extends RuntimeException {

	public RequestNotFoundException(UUID id) {
		super("No request " + id);
	}

}
