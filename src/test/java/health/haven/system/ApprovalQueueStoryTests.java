package health.haven.system;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import health.haven.test.ApiClient;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change advisory board's queue in real Chromium: a production request from a
 * ticketing system waits first for the security reviewer, who alone sees it; then for two
 * approvers of the board, each seeing the ticket, the parameters by their titles and the
 * decisions made before theirs, and deciding with a comment without leaving the page.
 */
class ApprovalQueueStoryTests extends PortalTest {

	@Test
	void aSecurityReviewerThenTwoApproversWalkTheQueue() throws Exception {
		ApiClient servicenow = api().withToken();
		JsonNode created = servicenow.post("/api/v1/requests", """
				{"catalogItem": "odoo-dedicated", "environment": "queue-prod", "team": "finance",
				 "environmentClass": "prod", "region": "eu-west",
				 "parameters": {"odooVersion": "17.0", "workers": 6, "adminAllowList": ["10.40.0.0/16"]},
				 "ticket": {"system": "servicenow", "id": "CHG0042424", "url": "https://servicenow.example/CHG0042424"},
				 "onBehalfOf": "alice"}""").json();
		String id = created.path("id").asText();
		String item = "#pending-" + id;
		String base = "http://localhost:" + this.port;
		try (Browser carol = new Browser(base); Browser bob = new Browser(base); Browser erin = new Browser(base)) {
			// the board waits for the security review: bob's queue does not offer it yet
			bob.signIn("bob", "bob-demo");
			bob.open("/approvals");
			assertThat(bob.findNow(By.cssSelector(item))).isEmpty();

			carol.signIn("carol", "carol-demo");
			carol.open("/approvals");
			assertThat(carol.find(By.cssSelector(item + " p.stage")).getText()).contains("security-review",
					"role SECURITY_REVIEWER");
			WebElement ticket = carol.find(By.cssSelector(item + " a.ticket"));
			assertThat(ticket.getText()).isEqualTo("servicenow CHG0042424");
			assertThat(ticket.getAttribute("href")).isEqualTo("https://servicenow.example/CHG0042424");
			assertThat(carol.find(By.cssSelector(item + " dd[data-parameter=workers]")).getText()).isEqualTo("6");
			// what it would write, against what the repository holds now: all new here
			assertThat(carol.find(By.cssSelector("#diff-" + id + " pre")).getText())
				.contains("+++ b/environments/finance/queue-prod/deployment.yaml")
				.contains("+++ b/clusters/dedicated-eu-west/teams/finance/queue-prod.yaml")
				.contains("+  replicas: 2");
			assertThat(carol.find(By.cssSelector("#manifests-" + id + " summary")).getText())
				.matches("The rendered manifests \\(\\d+ files\\)");
			carol.screenshot("15-queue-security-review");
			carol.type(By.id("comment-" + id), "Threat model reviewed, no findings");
			carol.click(By.cssSelector(item + " button.approve"));
			assertThat(carol.find(By.cssSelector("p.flash")).getText()).contains("Approved");
			assertThat(carol.findNow(By.cssSelector(item))).isEmpty();

			for (Browser approver : List.of(bob, erin)) {
				if (approver == erin) {
					erin.signIn("erin", "erin-demo");
				}
				approver.open("/approvals");
				assertThat(approver.find(By.cssSelector(item + " p.stage")).getText()).contains("change-advisory-board",
						"role APPROVER");
				assertThat(approver.find(By.cssSelector(item + " .earlier")).getText())
					.contains("carol: APPROVE at stage security-review", "Threat model reviewed, no findings");
				approver.type(By.id("comment-" + id), "CAB 2026-48 item 7");
				approver.click(By.cssSelector(item + " button.approve"));
				assertThat(approver.find(By.cssSelector("p.flash")).getText()).contains("Approved");
			}
			erin.screenshot("16-queue-board-approved");
		}

		JsonNode committed = servicenow.awaitState(id, "COMMITTED");
		assertThat(committed.at("/approvals/decisions").valueStream().map((d) -> d.path("decidedBy").asText()))
			.containsExactly("carol", "bob", "erin");
		assertThat(committed.at("/approvals/decisions/2/comment").asText()).isEqualTo("CAB 2026-48 item 7");
	}

}
