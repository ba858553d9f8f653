package health.haven.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import health.haven.gitops.reconcile.MockCluster;
import health.haven.test.ApiClient;
import health.haven.test.GitOpsRepositoryReader;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loop closed: a portal with a kubeconfig follows its commits to running
 * environments. The test plays Argo CD on a mock API server: it creates the
 * {@code Application} the portal committed (as an app of apps would) and writes its
 * status, and the portal's requests and environments follow — progressing, synced and
 * healthy; degraded; a failed sync; healthy at a newer commit that contains the
 * request's; and unknown once the watch is lost.
 */
class ReconcileStoryTests extends PortalTest {

	private static final MockCluster CLUSTER = MockCluster.start();

	@DynamicPropertySource
	static void kubeconfig(DynamicPropertyRegistry registry) {
		Path kubeconfig = writeKubeconfig();
		registry.add("haven.reconcile.kubeconfig", kubeconfig::toString);
		registry.add("haven.reconcile.check-interval", () -> "200ms");
		registry.add("haven.reconcile.resync", () -> "2s");
	}

	@AfterAll
	static void stopCluster() {
		CLUSTER.close();
	}

	@Test
	void requestsAndEnvironmentsFollowWhatArgoCdReports() throws Exception {
		ApiClient api = api().withToken();

		// committed, watched, not reported yet
		String first = commitDev(api, "follow-dev");
		JsonNode environment = api.get("/api/v1/environments/finance/follow-dev").json();
		assertThat(environment.at("/live/status").asText()).isEqualTo("AWAITING_CONTROLLER");
		assertThat(environment.at("/placement/controller").asText()).isEqualTo("ARGO_CD");
		assertThat(environment.at("/commit").asText()).isEqualTo(commitOf(api, first));

		// Argo CD creates the Application from the repository, then syncs it; alice
		// watches her request's page meanwhile
		try (Browser alice = new Browser("http://localhost:" + this.port)) {
			alice.signIn("alice", "alice-demo");
			alice.open("/requests/" + first);
			alice.waitForText(By.id("request-state"), "COMMITTED");
			createApplication("follow-dev");
			awaitLive(api, "follow-dev", "PROGRESSING");
			setStatus("follow-dev", Map.of("sync", Map.of("status", "OutOfSync", "revision", commitOf(api, first)),
					"health", Map.of("status", "Missing")));
			alice.waitForText(By.cssSelector("#environment-live .live"), "Progressing");
			alice.screenshot("10-request-progressing");
			setStatus("follow-dev", synced(commitOf(api, first), "Healthy", null));
			// the page follows without a reload
			alice.waitForText(By.id("request-state"), "COMPLETED");
			assertThat(alice.find(By.cssSelector("ol.timeline")).getText()).contains("Synced: Argo CD applied")
				.contains("Running and healthy at");
			assertThat(alice.find(By.cssSelector("#environment-live .live")).getText()).isEqualTo("Healthy");
			alice.screenshot("11-request-completed");
			alice.click(By.cssSelector("#environment-live h2 a"));
			alice.waitForText(By.cssSelector("#live .live"), "Healthy");
			assertThat(alice.find(By.id("history")).getText()).contains("Healthy", "Progressing");
			alice.screenshot("12-environment-healthy");
		}
		JsonNode completed = api.awaitState(first, "COMPLETED");
		assertThat(completed.path("timeline").valueStream().map((entry) -> entry.path("state").asText()))
			.containsExactly("SUBMITTED", "APPROVED", "COMMITTED", "COMMITTED", "COMPLETED");
		assertThat(completed.path("timeline").get(3).path("note").asText())
			.isEqualTo("Synced: Argo CD applied " + commitOf(api, first).substring(0, 12));
		assertThat(completed.at("/reconcile/syncedRevision").asText()).isEqualTo(commitOf(api, first));
		JsonNode healthy = awaitLive(api, "follow-dev", "HEALTHY");
		assertThat(healthy.at("/live/appliedRevision").asText()).isEqualTo(commitOf(api, first));
		assertThat(healthy.path("history").valueStream().map((entry) -> entry.path("status").asText()))
			.containsSubsequence("HEALTHY", "PROGRESSING");
		assertThat(healthy.path("requests").get(0).path("state").asText()).isEqualTo("COMPLETED");

		// applied, but unhealthy: the request waits and says why
		String second = commitDev(api, "degraded-dev");
		createApplication("degraded-dev");
		setStatus("degraded-dev",
				synced(commitOf(api, second), "Degraded", "Deployment \"odoo\" exceeded its progress deadline"));
		awaitLive(api, "degraded-dev", "DEGRADED");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api.get("/api/v1/requests/" + second).json().at("/reconcile/problem").asText(),
					(problem) -> problem.contains("exceeded its progress deadline"));
		assertThat(api.get("/api/v1/requests/" + second).json().path("state").asText()).isEqualTo("COMMITTED");

		// the sync of the request's commit failed
		String third = commitDev(api, "failing-dev");
		createApplication("failing-dev");
		setStatus("failing-dev",
				Map.of("sync", Map.of("status", "OutOfSync", "revision", commitOf(api, third)), "health",
						Map.of("status", "Missing"), "operationState",
						Map.of("phase", "Failed", "message",
								"one or more objects failed to apply, reason: quota exceeded", "syncResult",
								Map.of("revision", commitOf(api, third)))));
		awaitLive(api, "failing-dev", "SYNC_FAILED");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api.get("/api/v1/requests/" + third).json().at("/reconcile/problem").asText(),
					(problem) -> problem.startsWith("sync failed: one or more objects failed to apply"));

		// Argo CD applies a newer commit of the branch, which contains the request's
		String fourth = commitDev(api, "later-dev");
		String fifth = commitDev(api, "newer-dev");
		createApplication("later-dev");
		setStatus("later-dev", synced(commitOf(api, fifth), "Healthy", null));
		JsonNode done = api.awaitState(fourth, "COMPLETED");
		assertThat(done.at("/reconcile/syncedRevision").asText()).isEqualTo(commitOf(api, fifth));

		// the watch is lost: healthy becomes unknown since then, never stays healthy
		Instant beforeTheDrop = Instant.now();
		CLUSTER.stop();
		JsonNode unknown = awaitLive(api, "follow-dev", "UNKNOWN");
		assertThat(Instant.parse(unknown.at("/live/since").asText())).isAfterOrEqualTo(beforeTheDrop.minusSeconds(1));
		assertThat(unknown.at("/live/message").asText()).contains("No news from the cluster since");
		assertThat(api.get("/api/v1/environments?status=HEALTHY").json().path("items")).isEmpty();
	}

	private String commitDev(ApiClient api, String environment) {
		ApiClient.Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(environment));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String id = created.json().path("id").asText();
		api.awaitState(id, "COMMITTED");
		return id;
	}

	private static String commitOf(ApiClient api, String id) {
		return api.get("/api/v1/requests/" + id).json().at("/commit/sha").asText();
	}

	/**
	 * Creates the Application as committed to the repository, the way Argo CD's app of
	 * apps would.
	 */
	private void createApplication(String environment) throws IOException {
		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
			String file = repository.files(repository.branch("main").get(0))
				.get("clusters/shared-eu-west/teams/finance/" + environment + ".yaml");
			CLUSTER.create(file);
		}
	}

	private static void setStatus(String environment, Map<String, Object> status) {
		CLUSTER.status("Application", "argocd", "odoo-finance-" + environment, status);
	}

	private static Map<String, Object> synced(String revision, String health, String message) {
		return Map.of("sync", Map.of("status", "Synced", "revision", revision), "health",
				(message != null) ? Map.of("status", health, "message", message) : Map.of("status", health),
				"operationState", Map.of("phase", "Succeeded", "syncResult", Map.of("revision", revision)));
	}

	private static JsonNode awaitLive(ApiClient api, String environment, String status) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> api.get("/api/v1/environments/finance/" + environment).json().at("/live/status").asText(),
					status::equals);
		return api.get("/api/v1/environments/finance/" + environment).json();
	}

	private static Path writeKubeconfig() {
		try {
			Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
			Files.writeString(kubeconfig, CLUSTER.kubeconfig());
			return kubeconfig;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
