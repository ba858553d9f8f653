package health.haven.provisioning.people;

import java.util.regex.Pattern;

/**
 * The naming rule every name that ends up in a Kubernetes object or a repository path
 * obeys: a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a
 * letter or digit).
 */
public final class Names {

	private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

	private Names() {
	}

	public static boolean isDns1123Label(String name, int maxLength) {
		return name != null && name.length() <= maxLength && DNS_1123_LABEL.matcher(name).matches();
	}

}
