package health.haven.system;

import java.util.Map;
import java.util.UUID;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import health.haven.provisioning.people.People;
import health.haven.system.PageSession.Page;
import health.haven.test.ApiClient;
import health.haven.test.GitOpsRepositoryReader;
import health.haven.test.PortalTest;
import health.haven.test.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Day-2 changes from an environment's page. In real Chromium, alice changes the
 * parameters of her dev environment (the form holds those in force; a wrong value and an
 * unchanged form are each refused in words) and then decommissions it, confirmed by its
 * name. Without a browser: who gets which form, one change at a time, and withdrawing a
 * request from its page.
 */
class DayTwoPagesStoryTests extends PortalTest {

	@Autowired
	People people;

	@BeforeEach
	void paula() {
		TestClients.createPaula(this.people);
	}

	@Test
	void changeTheParametersAndDecommissionFromTheEnvironmentsPage() throws Exception {
		String name = "daytwo-" + suffix();
		ApiClient api = api().withToken();
		api.awaitState(createDev(api, name), "COMMITTED");
		try (Browser alice = new Browser("http://localhost:" + this.port)) {
			alice.signIn("alice", "alice-demo");
			alice.open("/environments/finance/" + name);
			alice.click(By.id("change-parameters"));
			// the fields hold the parameters in force
			assertThat(alice.find(By.id("param-workers")).getAttribute("value")).isEqualTo("4");
			assertThat(alice.find(By.id("param-odooVersion")).getAttribute("value")).isEqualTo("18.0");

			alice.click(By.id("submit-change"));
			assertThat(alice.find(By.id("parameters-error")).getText()).contains("nothing would change");
			alice.type(By.id("param-workers"), "1");
			alice.click(By.id("submit-change"));
			assertThat(alice.find(By.id("param-workers-error")).getText()).isEqualTo("HTTP workers must be at least 2");
			assertThat(alice.find(By.id("param-workers")).getAttribute("aria-invalid")).isEqualTo("true");
			alice.screenshot("day-two-01-change-errors");

			alice.type(By.id("param-workers"), "6");
			alice.type(By.id("ticketSystem"), "servicenow");
			alice.type(By.id("ticketId"), "CHG0042");
			alice.click(By.id("submit-change"));
			alice.waitForText(By.id("request-state"), "COMMITTED");
			assertThat(alice.find(By.id("request-type")).getText())
				.isEqualTo("A change of the parameters of an environment that exists.");
			assertThat(alice.find(By.cssSelector("dd[data-parameter=workers]")).getText()).isEqualTo("6");
			String update = alice.currentPath().substring("/requests/".length());
			JsonNode updated = api.get("/api/v1/requests/" + update).json();
			assertThat(updated.path("type").asText()).isEqualTo("UPDATE");
			assertThat(updated.at("/ticket/id").asText()).isEqualTo("CHG0042");
			assertThat(updated.path("emergency").asBoolean()).isFalse();
			alice.screenshot("day-two-02-change-committed");

			alice.open("/environments/finance/" + name);
			assertThat(alice.find(By.cssSelector("dd[data-parameter=workers]")).getText()).isEqualTo("6");
			assertThat(alice.find(By.id("environment-requests")).getText()).contains("New parameters",
					"New environment");

			alice.click(By.id("decommission"));
			assertThat(alice.find(By.id("decommission-effect")).getText()).contains("environments/finance/" + name);
			alice.type(By.id("confirmation"), "finance-prod");
			alice.click(By.id("submit-decommission"));
			assertThat(alice.find(By.id("confirmation-error")).getText())
				.isEqualTo("Type the environment's name, " + name + ", to confirm its removal");
			alice.screenshot("day-two-03-decommission-unconfirmed");
			alice.type(By.id("confirmation"), name);
			alice.click(By.id("submit-decommission"));
			alice.waitForText(By.id("request-state"), "COMPLETED");
			assertThat(alice.find(By.id("request-type")).getText())
				.isEqualTo("A decommission: the environment is removed.");
			String sha = alice.find(By.id("commit-sha")).getText();
			try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
				RevCommit commit = repository.commit(sha);
				assertThat(commit.getShortMessage()).startsWith("Decommission");
				assertThat(repository.files(commit).keySet())
					.noneMatch((path) -> path.startsWith("environments/finance/" + name + "/"));
			}

			// nothing changes a decommissioned environment: no form, and its address says
			// why
			alice.open("/environments/finance/" + name);
			assertThat(alice.findNow(By.id("change-parameters"))).isEmpty();
			alice.open("/environments/finance/" + name + "/change");
			assertThat(alice.find(By.cssSelector("#changes p.error")).getText()).contains("is decommissioned");
			alice.screenshot("day-two-04-decommissioned");
		}
	}

	@Test
	void onlyTheTeamsRequestersGetTheFormsAndOneChangeAtATime() {
		String name = "onechange-" + suffix();
		ApiClient api = api().withToken();
		api.awaitState(createDev(api, name), "COMMITTED");
		String environment = "/environments/finance/" + name;

		// another team's requester: the environment is as unknown as one that does not
		// exist
		PageSession paula = session("paula", "paula-demo");
		assertThat(paula.get(environment + "/change").status()).isEqualTo(404);
		assertThat(paula.get(environment + "/decommission").status()).isEqualTo(404);
		// an approver sees every team but requests for none
		PageSession bob = session("bob", "bob-demo");
		assertThat(bob.get(environment).html()).doesNotContain("id=\"change-parameters\"");
		Page refused = bob.get(environment + "/change");
		assertThat(refused.location()).endsWith(environment + "#changes");
		assertThat(bob.get(environment).html()).contains("bob may not request changes for team finance");
		bob.get(environment);
		bob.post(environment + "/decommission", Map.of("confirmation", name));
		assertThat(api.get("/api/v1/environments/finance/" + name).json().at("/live/status").asText())
			.isNotEqualTo("DECOMMISSIONED");

		// markup and YAML typed into a field come back as text, and nothing is stored
		PageSession alice = session("alice", "alice-demo");
		alice.get(environment + "/change");
		Page hostile = alice.post(environment + "/change",
				Map.of("parameters[workers]", "6\nkind: Secret", "parameters[odooVersion]", "<script>x</script>"));
		assertThat(hostile.status()).isEqualTo(200);
		assertThat(hostile.html()).contains("HTTP workers must be a whole number").doesNotContain("<script>x");
		assertThat(api.get("/api/v1/requests?environment=" + name).json().path("items").size()).isEqualTo(1);

		// an emergency flag where the item offers no emergency change of dev is refused
		alice.get(environment + "/change");
		Page emergency = alice.post(environment + "/change",
				Map.of("parameters[workers]", "6", "parameters[odooVersion]", "18.0", "emergency", "true"));
		assertThat(emergency.html()).contains("offers no emergency changes of dev environments");

		// a change waiting for its approvals holds the next one back, on the page and on
		// a post
		String staging = "held-" + suffix();
		String created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-dedicated", "environment": "%s", "team": "finance",
				 "environmentClass": "staging", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(staging)).json().path("id").asText();
		approveAsBob(api, created);
		api.awaitState(created, "COMMITTED");
		alice.get("/environments/finance/" + staging + "/change");
		Page pending = alice.post("/environments/finance/" + staging + "/change", Map.of("parameters[workers]", "6",
				"parameters[odooVersion]", "18.0", "parameters[adminAllowList]", ""));
		String update = pending.location().substring(pending.location().lastIndexOf('/') + 1);
		assertThat(api.get("/api/v1/requests/" + update).json().path("state").asText()).isEqualTo("PENDING_APPROVAL");
		// the approver, and the request's page, show what it changes: only the workers
		String queue = bob.get("/approvals").html();
		String changes = queue.substring(queue.indexOf("id=\"changes-" + update + "\""));
		changes = changes.substring(0, changes.indexOf("</section>"));
		assertThat(changes).contains("HTTP workers", "<span>4</span> → <strong>6</strong>")
			.doesNotContain("Odoo version");
		assertThat(alice.get("/requests/" + update).html()).contains("id=\"request-changes\"");
		// in the part the page polls: gone once the request is no longer open
		assertThat(alice.get("/requests/" + update + "/status").html()).contains("id=\"request-changes\"");
		String page = alice.get("/environments/finance/" + staging).html();
		assertThat(page).contains("id=\"changes-open\"").doesNotContain("id=\"change-parameters\"");
		alice.get("/environments/finance/" + staging + "/decommission");
		assertThat(alice.post("/environments/finance/" + staging + "/decommission", Map.of("confirmation", staging))
			.html()).contains("has a request open");

		// the requester withdraws it from its page; the approver cannot
		assertThat(bob.get("/requests/" + update).html()).doesNotContain("id=\"cancel-request\"");
		bob.post("/requests/" + update + "/cancel", Map.of("reason", "not mine"));
		assertThat(bob.get("/requests/" + update).html()).contains("who requested it, or a platform administrator");
		assertThat(alice.get("/requests/" + update).html()).contains("id=\"cancel-request\"");
		alice.post("/requests/" + update + "/cancel", Map.of("reason", "Wrong worker count"));
		assertThat(alice.get("/requests/" + update).html()).contains("The request was withdrawn")
			.contains("Cancelled: Wrong worker count")
			.doesNotContain("id=\"cancel-request\"")
			.doesNotContain("id=\"request-changes\"");
		assertThat(api.get("/api/v1/requests/" + update).json().path("state").asText()).isEqualTo("CANCELLED");
		assertThat(alice.get("/environments/finance/" + staging).html()).contains("id=\"change-parameters\"");
	}

	@Test
	void aFieldEmptiedOnTheChangeFormIsNoLongerSet() {
		String name = "emptied-" + suffix();
		ApiClient api = api().withToken();
		api.awaitState(createDev(api, name), "COMMITTED");
		api.awaitState(api.post("/api/v1/requests", """
				{"type": "UPDATE", "team": "finance", "environment": "%s", "parameters": {"replicas": 3},
				 "onBehalfOf": "alice"}""".formatted(name)).json().path("id").asText(), "COMMITTED");
		String environment = "/environments/finance/" + name;

		PageSession alice = session("alice", "alice-demo");
		assertThat(alice.get(environment + "/change").html()).contains("id=\"param-replicas\"");
		Page emptied = alice.post(environment + "/change",
				Map.of("parameters[replicas]", "", "parameters[workers]", "4", "parameters[odooVersion]", "18.0"));

		// the item's default, 2, in force again; what was not emptied stays
		String update = emptied.location().substring(emptied.location().lastIndexOf('/') + 1);
		JsonNode request = api.awaitState(update, "COMMITTED");
		assertThat(request.at("/parameters/replicas").asInt()).isEqualTo(2);
		assertThat(request.at("/parameters/workers").asInt()).isEqualTo(4);
		assertThat(api.get("/api/v1/environments/finance/" + name).json().at("/parameters/replicas").asInt())
			.isEqualTo(2);
	}

	private static String createDev(ApiClient api, String name) {
		return api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(name)).json().path("id").asText();
	}

	private static void approveAsBob(ApiClient api, String id) {
		ApiClient.Response decided = api.post("/api/v1/requests/" + id + "/decisions",
				"{\"decision\": \"APPROVE\", \"comment\": \"ok\", \"onBehalfOf\": \"bob\"}");
		assertThat(decided.status()).as(decided.text()).isEqualTo(200);
	}

	private PageSession session(String user, String password) {
		PageSession session = new PageSession("http://localhost:" + this.port);
		session.signIn(user, password);
		return session;
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
