package health.haven.api.request;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import health.haven.provisioning.people.People;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.GitOpsRepositoryReader;
import health.haven.test.PortalTest;
import health.haven.test.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy gates through the API: a failing gate refuses a request with every gate's
 * result and stores nothing; a request's results are kept with it; the preview shows
 * them, with the rendered manifests and the diff, and stores nothing either.
 */
class PolicyGatesAndPreviewIntegrationTests extends PortalTest {

	@Autowired
	People people;

	@BeforeEach
	void quotaLab() {
		TestClients.createQuotaLab(this.people);
	}

	@Test
	void aProductionRequestWithOneReplicaIsRefusedWithEveryGatesResultAndNothingIsStored() throws Exception {
		ApiClient api = api().withToken();
		String newestBefore = newest(api);
		Response refused = api.post("/api/v1/requests", body("gates-prod", "prod", "\"replicas\": 1, "));
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().path("type").asText()).isEqualTo("urn:haven:problem:gates-failed");
		assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("production-baseline");
		assertThat(refused.json().at("/errors/0/message").asText())
			.contains("Odoo runs 1 replica(s), at least 2 are needed");
		assertThat(refused.json()
			.path("gates")
			.valueStream()
			.map((gate) -> gate.path("gate").asText() + " " + gate.path("outcome").asText())).containsExactly(
					"image-provenance PASS", "configuration PASS", "secrets-boundary PASS", "production-baseline FAIL");
		assertThat(newest(api)).isEqualTo(newestBefore);
		assertThat(holds("environments/finance/gates-prod")).isFalse();
	}

	@Test
	void aRequestKeepsItsGatesResultsLikeTheChecksOfAPullRequest() {
		ApiClient api = api().withToken();
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Response created = api.post("/api/v1/requests", body("gates-" + suffix, "prod", ""));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		JsonNode gates = api.get("/api/v1/requests/" + created.json().path("id").asText()).json().path("gates");
		assertThat(gates.path("checkedAt").asText()).isNotBlank();
		assertThat(gates.path("results").valueStream().map((gate) -> gate.path("outcome").asText()))
			.containsOnly("PASS")
			.hasSize(4);
		assertThat(gates.at("/results/1/reason").asText()).contains("team finance with this environment");
	}

	@Test
	void thePreviewShowsTheGatesTheStagesTheManifestsAndTheDiffAndStoresNothing() throws Exception {
		ApiClient api = api().withToken();
		String newestBefore = newest(api);
		String environment = "preview-" + UUID.randomUUID().toString().substring(0, 6);
		Response preview = api.post("/api/v1/requests/preview", body(environment, "prod", ""));
		assertThat(preview.status()).as(preview.text()).isEqualTo(200);
		JsonNode body = preview.json();
		assertThat(body.at("/catalogItem/key").asText()).isEqualTo("odoo-dedicated");
		assertThat(body.at("/parameters/workers").asInt()).isEqualTo(4);
		assertThat(body.path("stages").valueStream().map((stage) -> stage.path("name").asText()))
			.containsExactly("security-review", "change-advisory-board");
		assertThat(body.at("/gates/results").valueStream().map((gate) -> gate.path("outcome").asText()))
			.containsOnly("PASS");
		assertThat(body.path("files").propertyNames()).contains(
				"environments/finance/" + environment + "/kustomization.yaml",
				"clusters/dedicated-eu-west/teams/finance/" + environment + ".yaml");
		assertThat(body.path("diff").asText())
			.contains("+++ b/environments/finance/" + environment + "/deployment.yaml");
		assertThat(body.has("problem")).isFalse();

		// a failing gate shows in the preview, it does not refuse it
		Response failing = api.post("/api/v1/requests/preview", body(environment, "prod", "\"replicas\": 1, "));
		assertThat(failing.status()).isEqualTo(200);
		assertThat(failing.json().at("/gates/results/3/outcome").asText()).isEqualTo("FAIL");
		// what submit refuses, the preview refuses alike
		Response invalid = api.post("/api/v1/requests/preview", body("Bad_Name", "prod", ""));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().at("/errors/0/field").asText()).isEqualTo("environment");

		assertThat(newest(api)).isEqualTo(newestBefore);
		assertThat(holds("environments/finance/" + environment)).isFalse();
		assertThat(api.post("/api/v1/requests", body(environment, "prod", "")).status()).isEqualTo(201);
	}

	@Test
	void aTeamOverItsQuotaOfEnvironmentsIsRefused() {
		ApiClient api = api().withToken();
		String first = create(api, "quota-one");
		Response second = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "quota-two", "team": "quota-lab",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {"odooVersion": "17.0"},
				 "onBehalfOf": "quinn"}""");
		assertThat(second.status()).isEqualTo(422);
		assertThat(second.json().at("/errors/0/field").asText()).isEqualTo("configuration");
		assertThat(second.json().at("/errors/0/message").asText())
			.startsWith("Over the team's quota: environments 2 of 1");
		// cancelling the first frees the quota
		assertThat(api.post("/api/v1/requests/" + first + "/cancel", "{\"onBehalfOf\": \"quinn\"}").status())
			.isEqualTo(200);
		assertThat(create(api, "quota-two")).isNotBlank();
	}

	private static String create(ApiClient api, String environment) {
		Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "quota-lab",
				 "environmentClass": "staging", "region": "eu-west", "parameters": {"odooVersion": "17.0"},
				 "onBehalfOf": "quinn"}""".formatted(environment));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private static String body(String environment, String environmentClass, String extraParameters) {
		return """
				{"catalogItem": "odoo-dedicated", "environment": "%s", "team": "finance", "environmentClass": "%s",
				 "region": "eu-west", "parameters": {%s"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]},
				 "ticket": {"system": "servicenow", "id": "CHG0042"}, "onBehalfOf": "alice"}
				""".formatted(environment, environmentClass, extraParameters);
	}

	private static String newest(ApiClient api) {
		return api.get("/api/v1/requests?limit=1").json().path("items").path(0).path("id").asText();
	}

	private boolean holds(String path) throws Exception {
		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
			return repository.holds("main", path);
		}
	}

}
