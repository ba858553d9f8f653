package health.haven.gitops.validate;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The schemas shipped with the portal, read once per test run: every test class that
 * validates manifests shares them.
 */
public final class TestSchemas {

	private static ManifestSchemas builtIn;

	private TestSchemas() {
	}

	public static synchronized ManifestSchemas builtIn() {
		if (builtIn == null) {
			try {
				builtIn = ManifestSchemas.builtIn();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return builtIn;
	}

}
