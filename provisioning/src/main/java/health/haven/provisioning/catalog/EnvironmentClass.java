package health.haven.provisioning.catalog;

import java.util.List;

/**
 * The classes of environment a catalog item may offer, from least to most guarded.
 */
public final class EnvironmentClass {

	public static final String DEV = "dev";

	public static final String STAGING = "staging";

	public static final String PROD = "prod";

	public static final List<String> ALL = List.of(DEV, STAGING, PROD);

	private EnvironmentClass() {
	}

	public static boolean isKnown(String environmentClass) {
		return ALL.contains(environmentClass);
	}

}
