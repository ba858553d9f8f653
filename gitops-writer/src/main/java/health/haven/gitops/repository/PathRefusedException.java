package health.haven.gitops.repository;

/**
 * A path outside the folders the portal owns, or not made of DNS-1123 labels. Nothing was
 * written.
 */
public class PathRefusedException extends RuntimeException {

	public PathRefusedException(String path) {
		super("Refused to write outside environments/<team>/<environment>/ and clusters/<cluster>/: " + path);
	}

}
