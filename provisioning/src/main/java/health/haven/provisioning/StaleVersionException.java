package health.haven.provisioning;

/**
 * A change made against a version of a resource that is no longer current: the client's
 * {@code If-Match} names a version someone else's change has replaced. Nothing changed;
 * the client reads the resource again and decides anew.
 */
public class StaleVersionException extends RuntimeException {

	private final long current;

	public StaleVersionException(String resource, long current) {
		super(resource + " is at version " + current
				+ ", not the one the change was made on: it changed since it was read; read it again");
		this.current = current;
	}

	/**
	 * Checks that a resource is at the version the client read.
	 * @param expected the version the client expects, or {@code null} when it named none
	 */
	public static void check(String resource, Long expected, long current) {
		if (expected != null && expected != current) {
			throw new StaleVersionException(resource, current);
		}
	}

	public long getCurrent() {
		return this.current;
	}

}
