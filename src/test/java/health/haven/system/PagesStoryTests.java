package health.haven.system;

import java.util.Map;

import org.junit.jupiter.api.Test;

import health.haven.system.PageSession.Page;
import health.haven.test.ApiClient;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the pages refuse, and how they say so: anonymous visits, a wrong password, a
 * rejection without a reason, another team's request or environment, markup typed into a
 * field.
 */
class PagesStoryTests extends PortalTest {

	@Test
	void sendsAnonymousVisitorsToSignIn() {
		Page catalog = session().get("/catalog");
		assertThat(catalog.status()).isEqualTo(302);
		assertThat(catalog.location()).endsWith("/login");
	}

	@Test
	void saysWhenThePasswordIsWrong() {
		PageSession session = session();
		Page failed = session.signIn("alice", "not-her-password");
		assertThat(failed.location()).endsWith("/login?error");
		assertThat(session.get("/login?error").html()).contains("Wrong user name or password.");
		assertThat(session.get("/catalog").status()).isEqualTo(302);
	}

	@Test
	void refusesARejectionWithoutAReasonAndKeepsTheRequestWaiting() {
		String id = requestStaging("queue-staging");
		PageSession bob = session();
		bob.signIn("bob", "bob-demo");
		bob.get("/approvals");
		Page refused = bob.post("/requests/" + id + "/decisions", Map.of("decision", "REJECT", "comment", " "));
		assertThat(refused.location()).endsWith("/approvals");
		Page queue = bob.get("/approvals");
		assertThat(queue.html()).contains("A rejection needs a reason in the comment")
			.contains("id=\"pending-" + id + "\"");
		assertThat(api().withToken().get("/api/v1/requests/" + id).json().path("state").asText())
			.isEqualTo("PENDING_APPROVAL");

		bob.post("/requests/" + id + "/decisions", Map.of("decision", "REJECT", "comment", "No rollback plan"));
		assertThat(bob.get("/approvals").html()).doesNotContain("id=\"pending-" + id + "\"");
		assertThat(api().withToken().get("/api/v1/requests/" + id).json().path("state").asText()).isEqualTo("REJECTED");
	}

	@Test
	void aRequesterCannotDecideOnTheirOwnRequestFromThePages() {
		String id = requestStaging("own-staging");
		PageSession alice = session();
		alice.signIn("alice", "alice-demo");
		alice.get("/approvals");
		alice.post("/requests/" + id + "/decisions", Map.of("decision", "APPROVE", "comment", "mine"));
		assertThat(alice.get("/approvals").html()).contains("Nobody approves or rejects their own request");
		assertThat(api().withToken().get("/api/v1/requests/" + id).json().path("state").asText())
			.isEqualTo("PENDING_APPROVAL");
	}

	@Test
	void showsARequesterOnlyTheirTeamsRequests() {
		ApiClient api = api().withToken();
		String procurement = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "buying-dev", "team": "procurement",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "dave"}
				""").json().path("id").asText();
		PageSession alice = session();
		alice.signIn("alice", "alice-demo");
		Page other = alice.get("/requests/" + procurement);
		assertThat(other.status()).isEqualTo(404);
		assertThat(other.html()).contains("not one you may see");
		assertThat(alice.get("/requests").html()).doesNotContain("procurement/buying-dev");
	}

	@Test
	void showsARequesterTheirTeamsEnvironmentsAndNoOthers() {
		ApiClient api = api().withToken();
		String finance = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "pages-dev", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {"workers": 3}, "onBehalfOf": "alice"}
				""").json().path("id").asText();
		String procurement = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "stock-dev", "team": "procurement",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "dave"}
				""").json().path("id").asText();
		api.awaitState(finance, "COMMITTED");
		api.awaitState(procurement, "COMMITTED");
		PageSession alice = session();
		alice.signIn("alice", "alice-demo");
		Page list = alice.get("/environments");
		assertThat(list.html()).contains("finance/pages-dev").doesNotContain("procurement/stock-dev");
		Page page = alice.get("/environments/finance/pages-dev");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.html()).contains("Committed, no reconciler connected")
			.contains("HTTP workers")
			.contains("environments/finance/pages-dev")
			.contains("href=\"/requests/" + finance + "\"");
		assertThat(alice.get("/environments/procurement/stock-dev").status()).isEqualTo(404);
		assertThat(alice.get("/environments/Procurement/stock-dev").status()).isEqualTo(404);
		// a path that climbs out is refused before any page sees it
		assertThat(alice.get("/environments/procurement/..").status()).isEqualTo(400);
		// someone who sees every team sees it
		PageSession dave = session();
		dave.signIn("dave", "dave-demo");
		assertThat(dave.get("/environments").html()).contains("procurement/stock-dev", "finance/pages-dev");
	}

	@Test
	void showsMarkupTypedIntoAFieldAsText() {
		PageSession alice = session();
		alice.signIn("alice", "alice-demo");
		alice.get("/catalog/odoo-multitenant/request");
		Page form = alice.post("/catalog/odoo-multitenant/request",
				Map.of("environment", "<script>alert(1)</script>", "team", "finance", "environmentClass", "dev",
						"region", "eu-west", "parameters[odooVersion]", "17.0", "parameters[workers]", "2"));
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.html()).doesNotContain("<script>alert(1)</script>")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
			.contains("id=\"environment-error\"");
	}

	private String requestStaging(String environment) {
		return api().withToken().post("/api/v1/requests", """
				{"catalogItem": "odoo-dedicated", "environment": "%s", "team": "finance",
				 "environmentClass": "staging", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(environment)).json().path("id").asText();
	}

	private PageSession session() {
		return new PageSession("http://localhost:" + this.port);
	}

}
