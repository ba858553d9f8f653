package health.haven.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import health.haven.test.ApiClient;
import health.haven.test.GitOpsRepositoryReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-run default crashed as a machine would crash it: the portal killed (SIGKILL)
 * in the middle of a burst of requests, once alone, and once together with its embedded
 * PostgreSQL. Started again on the same data folder, every request that was answered
 * {@code 201 Created} is there and is committed to the GitOps repository exactly once.
 */
class CrashRecoveryStoryTests {

	private static final int BURST = 40;

	private static final int ANSWERED_BEFORE_THE_KILL = 12;

	private final Path dataDir = tempDir("haven-crash-");

	private final Path logs = Path.of("target", "crash-recovery");

	private final List<PortalProcess> portals = new ArrayList<>();

	@AfterEach
	void stopWhatIsStillRunning() throws InterruptedException {
		for (PortalProcess portal : this.portals) {
			portal.stop();
		}
	}

	@Test
	void everyAcknowledgedRequestSurvivesAKilledPortalAndAKilledDatabase() throws Exception {
		// and a token issued before the crashes is still accepted after them
		List<String> acknowledged = new ArrayList<>();

		PortalProcess first = start("1-first-run.log");
		// a ticketing system's token, issued by the first process
		String token = new ApiClient(first.base()).withToken().token();
		acknowledged.addAll(burstThenKill(first, "a", false));

		// the embedded server the killed portal left running is stopped, with one line
		PortalProcess second = start("2-after-portal-kill.log");
		assertThat(second.log()).contains("Stopping the PostgreSQL server (pid")
			.contains("that a portal which did not shut down left running on");
		assertEveryRequestIsThereAndCommittedOnce(second, acknowledged);
		acknowledged.addAll(burstThenKill(second, "b", true));

		// the database was killed too: it recovers from its write-ahead log
		PortalProcess third = start("3-after-database-kill.log");
		assertEveryRequestIsThereAndCommittedOnce(third, acknowledged);
		// the token outlived both crashes: the issuer's key is kept in the database
		assertThat(new ApiClient(third.base()).withBearer(token).get("/api/v1/catalog").status()).isEqualTo(200);
	}

	private PortalProcess start(String log) throws IOException {
		PortalProcess portal = PortalProcess.start(this.dataDir, this.logs.resolve(log));
		this.portals.add(portal);
		return portal;
	}

	/**
	 * Sends a burst of dev requests (approved by policy, so each is committed without a
	 * person) and kills the portal once some have been answered.
	 * @return the ids of the requests answered {@code 201}
	 */
	private List<String> burstThenKill(PortalProcess portal, String prefix, boolean withDatabase) throws Exception {
		ApiClient api = new ApiClient(portal.base()).withToken();
		Queue<String> created = new ConcurrentLinkedQueue<>();
		CountDownLatch enough = new CountDownLatch(ANSWERED_BEFORE_THE_KILL);
		ExecutorService clients = Executors.newFixedThreadPool(BURST);
		for (int i = 0; i < BURST; i++) {
			String environment = "crash-" + prefix + i;
			clients.submit(() -> {
				try {
					ApiClient.Response response = api.post("/api/v1/requests", """
							{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance",
							 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
							""".formatted(environment));
					if (response.status() == 201) {
						created.add(response.json().path("id").asText());
						enough.countDown();
					}
				}
				catch (RuntimeException ex) {
					// cut off by the kill: never acknowledged
				}
			});
		}
		assertThat(enough.await(2, TimeUnit.MINUTES)).isTrue();
		long postmaster = postmasterPid();
		portal.kill();
		if (withDatabase) {
			ProcessHandle.of(postmaster).ifPresent((server) -> {
				server.descendants().forEach(ProcessHandle::destroyForcibly);
				server.destroyForcibly();
			});
		}
		// snapshot what was answered at the moment of the kill
		List<String> answered = List.copyOf(created);
		clients.shutdownNow();
		assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
		assertThat(answered).hasSizeGreaterThanOrEqualTo(ANSWERED_BEFORE_THE_KILL);
		return answered;
	}

	private void assertEveryRequestIsThereAndCommittedOnce(PortalProcess portal, List<String> acknowledged)
			throws Exception {
		ApiClient api = new ApiClient(portal.base()).withToken();
		for (String id : acknowledged) {
			assertThat(api.get("/api/v1/requests/" + id).status()).as("request %s answered 201", id).isEqualTo(200);
		}
		api.awaitStates(acknowledged, "COMMITTED", Duration.ofMinutes(2));
		Map<String, Integer> commitsPerRequest = new HashMap<>();
		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(this.dataDir.resolve("gitops.git"))) {
			for (RevCommit commit : repository.branch("main")) {
				commit.getFooterLines("Haven-Request").forEach((id) -> commitsPerRequest.merge(id, 1, Integer::sum));
			}
		}
		assertThat(commitsPerRequest).allSatisfy((id, commits) -> assertThat(commits).as(id).isEqualTo(1));
		assertThat(commitsPerRequest).containsKeys(acknowledged.toArray(String[]::new));
	}

	private long postmasterPid() throws Exception {
		return Long.parseLong(Files.readAllLines(this.dataDir.resolve("postgres/postmaster.pid")).get(0).strip());
	}

	private static Path tempDir(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
