package health.haven.api.http;

/**
 * Entity tags: a resource's version is its {@code ETag}, and a change sent with
 * {@code If-Match} is made only on the version named there ({@code 412} otherwise).
 */
public final class Versions {

	/**
	 * What a tag this API never gave out stands for: no version, so it never matches.
	 */
	public static final long NO_VERSION = -1;

	private Versions() {
	}

	public static String etag(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * The version an {@code If-Match} header names, or {@code null} when there is none or
	 * it is {@code *} (any version). A weak tag, a list or a tag that is not ours never
	 * matches ({@link #NO_VERSION}).
	 */
	public static Long expected(String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
			return null;
		}
		String tag = ifMatch.trim();
		if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
			try {
				return Long.parseLong(tag.substring(1, tag.length() - 1));
			}
			catch (NumberFormatException ex) {
				return NO_VERSION;
			}
		}
		return NO_VERSION;
	}

}
