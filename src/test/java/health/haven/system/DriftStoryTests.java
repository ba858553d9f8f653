package health.haven.system;

import java.time.Duration;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import health.haven.test.ApiClient;
import health.haven.test.GitOpsRepositoryReader;
import health.haven.test.HandEdit;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Someone edits an environment's folder by hand in the night. The portal's drift check (a
 * Quartz job, here every second) finds it, and the environment's page shows it with the
 * diff without a reload; the requester sees it, only the platform administrator decides.
 * He discards it, saying why; the portal writes back what it had written.
 */
class DriftStoryTests extends PortalTest {

	private static final String DEPLOYMENT = "environments/finance/drift-story/deployment.yaml";

	@DynamicPropertySource
	static void checkEverySecond(DynamicPropertyRegistry registry) {
		registry.add("haven.gitops.drift.check-every", () -> "1s");
	}

	@Test
	void aHandEditIsFoundShownAndDiscarded() throws Exception {
		ApiClient api = api().withToken();
		String id = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "drift-story", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""").json().path("id").asText();
		api.awaitState(id, "COMMITTED");
		String written = HandEdit.of(gitOpsRepository().toString()).read(DEPLOYMENT);

		try (Browser dave = new Browser("http://localhost:" + this.port);
				Browser alice = new Browser("http://localhost:" + this.port)) {
			dave.signIn("dave", "dave-demo");
			dave.open("/environments/finance/drift-story");
			assertThat(dave.find(By.id("live")).getText()).isNotEmpty();

			HandEdit.of(gitOpsRepository().toString())
				.change(DEPLOYMENT, (yaml) -> yaml.replace("replicas: 2", "replicas: 6"))
				.push("Scale up by hand during the night");

			// found by the timer, shown without a reload
			dave.waitForText(By.id("drift-title"), "Edited outside Haven");
			assertThat(dave.find(By.id("drift-diff")).getText()).contains("-  replicas: 2").contains("+  replicas: 6");
			dave.screenshot("13-environment-drift");

			// the requester sees it, and cannot decide
			alice.signIn("alice", "alice-demo");
			alice.open("/environments/finance/drift-story");
			assertThat(alice.find(By.id("drift-diff")).getText()).contains("+  replicas: 6");
			assertThat(alice.findNow(By.id("drift-discard"))).isEmpty();

			// a decision without a reason is refused, next to the field
			dave.type(By.id("drift-comment"), "   ");
			dave.click(By.id("drift-discard"));
			assertThat(dave.find(By.id("drift-comment-error")).getText()).contains("Say in the comment why");
			assertThat(dave.find(By.id("drift-comment")).getAttribute("aria-invalid")).isEqualTo("true");

			dave.type(By.id("drift-comment"), "Not approved by the CAB; scale through a request");
			dave.click(By.id("drift-discard"));
			assertThat(dave.find(By.id("drift-decision")).getText()).startsWith("Last hand edit discarded by dave at")
				.endsWith("Not approved by the CAB; scale through a request");
			assertThat(dave.findNow(By.id("drift-title"))).isEmpty();
			dave.screenshot("14-environment-drift-discarded");
		}

		// written back, and the environment's current commit
		await().atMost(Duration.ofSeconds(30)).until(() -> head().getFullMessage().contains("Haven-Restore:"));
		try (GitOpsRepositoryReader reader = new GitOpsRepositoryReader(gitOpsRepository())) {
			RevCommit restore = reader.branch("main").get(0);
			assertThat(reader.files(restore).get(DEPLOYMENT)).isEqualTo(written);
			assertThat(restore.getFooterLines("Discarded-by")).containsExactly("dave");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> api.get("/api/v1/environments/finance/drift-story").json().path("commit").asText(),
						restore.name()::equals);
		}
		JsonNode environment = api.get("/api/v1/environments/finance/drift-story").json();
		assertThat(environment.at("/lastDriftDecision/decidedBy").asText()).isEqualTo("dave");
		// the timer keeps looking: the folder holds what the portal wrote, nothing is
		// flagged
		await().during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> api.get("/api/v1/environments/finance/drift-story").json().path("drift").isMissingNode());
	}

	private RevCommit head() throws Exception {
		try (GitOpsRepositoryReader reader = new GitOpsRepositoryReader(gitOpsRepository())) {
			return reader.branch("main").get(0);
		}
	}

}
