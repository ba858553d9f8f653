package health.haven.api.request;

import java.util.List;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.GitOpsRepositoryReader;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An approver sends a request back (REQUEST_CHANGES, with what to change); only its
 * requester amends and resubmits it; the approvals given before count no more, every
 * stage is decided again, and the commit carries the amended parameters and only the
 * approvals of the round that approved it.
 */
class RequestChangesIntegrationTests extends PortalTest {

	@Test
	void changesRequestedAreAmendedByTheRequesterAndEveryStageIsDecidedAgain() throws Exception {
		ApiClient api = api().withToken();
		Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-dedicated", "environment": "changes-prod", "team": "finance",
				 "environmentClass": "prod", "region": "eu-west",
				 "parameters": {"odooVersion": "17.0", "workers": 4, "adminAllowList": ["10.1.0.0/16"]},
				 "onBehalfOf": "alice"}""");
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String id = created.json().path("id").asText();
		assertThat(decide(api, id, "APPROVE", "threat model ok", "carol").status()).isEqualTo(200);

		Response noReason = decide(api, id, "REQUEST_CHANGES", null, "bob");
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(noReason.json().path("errors").get(0).path("field").asText()).isEqualTo("comment");
		Response sentBack = decide(api, id, "REQUEST_CHANGES", "Six workers for the month-end close", "bob");
		assertThat(sentBack.status()).as(sentBack.text()).isEqualTo(200);
		assertThat(sentBack.json().path("state").asText()).isEqualTo("CHANGES_REQUESTED");
		assertThat(sentBack.json().path("stateReason").asText()).isEqualTo("Six workers for the month-end close");
		// nobody decides on a request that was sent back
		Response meanwhile = decide(api, id, "APPROVE", null, "erin");
		assertThat(meanwhile.status()).isEqualTo(409);
		assertThat(meanwhile.json().path("reason").asText()).isEqualTo("illegal-transition");

		// only the requester amends it, with parameters checked as at submission
		Response byApprover = resubmit(api, id, "{\"odooVersion\": \"17.0\", \"workers\": 6}", "bob");
		assertThat(byApprover.status()).isEqualTo(403);
		assertThat(byApprover.json().path("reason").asText()).isEqualTo("not-requester");
		Response invalid = resubmit(api, id, "{\"odooVersion\": \"17.0\", \"workers\": 600}", "alice");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().path("errors").get(0).path("field").asText()).isEqualTo("parameters.workers");
		assertThat(api.get("/api/v1/requests/" + id).json().path("state").asText()).isEqualTo("CHANGES_REQUESTED");
		Response amended = resubmit(api, id,
				"{\"odooVersion\": \"17.0\", \"workers\": 6, \"adminAllowList\": [\"10.1.0.0/16\"]}", "alice");
		assertThat(amended.status()).as(amended.text()).isEqualTo(200);
		assertThat(amended.json().path("state").asText()).isEqualTo("PENDING_APPROVAL");
		assertThat(amended.json().at("/parameters/workers").asInt()).isEqualTo(6);
		// the security review's earlier approval counts no more: it is decided again
		assertThat(amended.json().at("/approvals/awaiting/name").asText()).isEqualTo("security-review");
		Response again = resubmit(api, id, "{\"workers\": 600}", "alice");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("reason").asText()).isEqualTo("illegal-transition");

		for (String approver : List.of("carol", "bob", "erin")) {
			Response approved = decide(api, id, "APPROVE", "round two", approver);
			assertThat(approved.status()).as(approved.text()).isEqualTo(200);
		}
		JsonNode committed = api.awaitState(id, "COMMITTED");
		assertThat(committed.at("/approvals/decisions")
			.valueStream()
			.map((d) -> d.path("decidedBy").asText() + ":" + d.path("decision").asText() + ":"
					+ d.path("round").asInt()))
			.containsExactly("carol:APPROVE:1", "bob:REQUEST_CHANGES:1", "carol:APPROVE:2", "bob:APPROVE:2",
					"erin:APPROVE:2");
		try (GitOpsRepositoryReader reader = new GitOpsRepositoryReader(gitOpsRepository())) {
			RevCommit commit = reader.commit(committed.at("/commit/sha").asText());
			assertThat(commit.getFooterLines("Approved-by")).containsExactly("carol (SECURITY_REVIEWER)",
					"bob (APPROVER)", "erin (APPROVER)");
			assertThat(reader.files(commit).get("environments/finance/changes-prod/odoo-config.yaml"))
				.contains("workers = 6");
		}
		JsonNode trail = api().withToken("audit:read").get("/api/v1/audit?subject=request/" + id).json();
		assertThat(trail.path("items")
			.valueStream()
			.filter((row) -> row.path("action").asText().equals("request.resubmitted"))
			.map((row) -> row.at("/details/round").asText())).containsExactly("2");
	}

	private static Response decide(ApiClient api, String id, String decision, String comment, String person) {
		return api.post("/api/v1/requests/" + id + "/decisions", "{\"decision\": \"%s\", %s \"onBehalfOf\": \"%s\"}"
			.formatted(decision, (comment != null) ? "\"comment\": \"" + comment + "\"," : "", person));
	}

	private static Response resubmit(ApiClient api, String id, String parameters, String person) {
		return api.post("/api/v1/requests/" + id + "/resubmit",
				"{\"parameters\": %s, \"onBehalfOf\": \"%s\"}".formatted(parameters, person));
	}

}
