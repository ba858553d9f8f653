package health.haven.gitops.render;

/**
 * A request that cannot be rendered: an unknown template, or catalog settings that lack
 * what the template needs. Retrying does not help.
 */
public class RenderingException extends RuntimeException {

	public RenderingException(String message) {
		super(message);
	}

	public RenderingException(String message, Throwable cause) {
		super(message, cause);
	}

}
