package health.haven.api.http;

import java.io.IOException;

/**
 * A request body longer than the API takes; answered {@code 413}.
 */
public class BodyTooLargeException extends IOException {

	public BodyTooLargeException(long limit) {
		super("The request body is larger than the " + limit + " bytes this API takes");
	}

}
