package health.haven.api.request;

import java.util.UUID;

import org.eclipse.jgit.revwalk.RevCommit;
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
 * Day-2 requests through the API: UPDATE and DECOMMISSION of an environment that exists,
 * rendered, gated and approved like a CREATE, one change at a time, and a production
 * decommission under its own stricter policy.
 */
class DayTwoIntegrationTests extends PortalTest {

	@Autowired
	People people;

	@BeforeEach
	void paula() {
		TestClients.createPaula(this.people);
	}

	@Test
	void anUpdateChangesTheParametersNamedAndKeepsTheOthers() throws Exception {
		ApiClient api = api().withToken();
		String name = "upd-" + suffix();
		api.awaitState(create(api, name, "dev", "alice"), "COMMITTED");

		Response update = api.post("/api/v1/requests", """
				{"type": "UPDATE", "team": "finance", "environment": "%s", "parameters": {"workers": 6},
				 "ticket": {"system": "servicenow", "id": "CHG-UPD"}, "onBehalfOf": "alice"}""".formatted(name));
		assertThat(update.status()).as(update.text()).isEqualTo(201);
		assertThat(update.json().path("type").asText()).isEqualTo("UPDATE");
		assertThat(update.json().at("/parameters/workers").asInt()).isEqualTo(6);
		assertThat(update.json().at("/parameters/odooVersion").asText()).isEqualTo("17.0");
		assertThat(update.json().at("/gates/results/0/outcome").asText()).isNotEqualTo("FAIL");
		JsonNode committed = api.awaitState(update.json().path("id").asText(), "COMMITTED");
		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
			RevCommit commit = repository.commit(committed.at("/commit/sha").asText());
			assertThat(commit.getShortMessage()).startsWith("Update");
			assertThat(repository.files(commit).entrySet())
				.filteredOn((file) -> file.getKey().startsWith("environments/finance/" + name + "/"))
				.anySatisfy((file) -> assertThat(file.getValue()).contains("workers = 6"));
		}
		JsonNode environment = api.get("/api/v1/environments/finance/" + name).json();
		assertThat(environment.at("/parameters/workers").asInt()).isEqualTo(6);
		assertThat(environment.path("requests").valueStream().map((request) -> request.path("type").asText()))
			.containsExactly("UPDATE", "CREATE");
	}

	@Test
	void aParameterNamedWithoutAValueIsNoLongerSetAndItsDefaultAppliesAgain() {
		ApiClient api = api().withToken();
		String name = "clr-" + suffix();
		api.awaitState(create(api, name, "dev", "alice"), "COMMITTED");
		String replicas = change("UPDATE", name, "{\"replicas\": 3}", "alice");
		api.awaitState(api.post("/api/v1/requests", replicas).json().path("id").asText(), "COMMITTED");
		assertThat(api.get("/api/v1/environments/finance/" + name).json().at("/parameters/replicas").asInt())
			.isEqualTo(3);

		Response cleared = api.post("/api/v1/requests", change("UPDATE", name, "{\"replicas\": null}", "alice"));

		assertThat(cleared.status()).as(cleared.text()).isEqualTo(201);
		// the catalog's default, 2; the others stay as they were
		assertThat(cleared.json().at("/parameters/replicas").asInt()).isEqualTo(2);
		assertThat(cleared.json().at("/parameters/odooVersion").asText()).isEqualTo("17.0");
		api.awaitState(cleared.json().path("id").asText(), "COMMITTED");
		assertThat(api.get("/api/v1/environments/finance/" + name).json().at("/parameters/replicas").asInt())
			.isEqualTo(2);
		// taking out what is not set changes nothing, which is said
		assertThat(field(api.post("/api/v1/requests", change("UPDATE", name, "{\"replicas\": null}", "alice"))))
			.isEqualTo("parameters");
	}

	@Test
	void aChangeIsCheckedAgainstTheEnvironmentItChanges() {
		ApiClient api = api().withToken();
		String name = "chk-" + suffix();
		api.awaitState(create(api, name, "dev", "alice"), "COMMITTED");
		assertThat(field(
				api.post("/api/v1/requests", change("UPDATE", "nowhere-" + suffix(), "{\"workers\": 6}", "alice"))))
			.isEqualTo("environment");
		// another team's environment is as unknown as one that does not exist
		assertThat(field(api.post("/api/v1/requests", change("UPDATE", name, "{\"workers\": 6}", "paula"))))
			.isEqualTo("environment");
		assertThat(field(api.post("/api/v1/requests", change("UPDATE", name, "{}", "alice")))).isEqualTo("parameters");
		assertThat(field(api.post("/api/v1/requests", change("UPDATE", name, "{\"workers\": 4}", "alice"))))
			.isEqualTo("parameters");
		assertThat(field(api.post("/api/v1/requests", change("UPDATE", name, "{\"shoeSize\": 44}", "alice"))))
			.isEqualTo("parameters.shoeSize");
		assertThat(field(api.post("/api/v1/requests", change("DECOMMISSION", name, "{\"workers\": 6}", "alice"))))
			.isEqualTo("parameters");
		Response otherClass = api.post("/api/v1/requests", """
				{"type": "UPDATE", "team": "finance", "environment": "%s", "environmentClass": "prod",
				 "parameters": {"workers": 6}, "onBehalfOf": "alice"}""".formatted(name));
		assertThat(field(otherClass)).isEqualTo("environmentClass");
		Response unknownType = api.post("/api/v1/requests", change("RENAME", name, "{}", "alice"));
		assertThat(field(unknownType)).isEqualTo("type");
	}

	@Test
	void oneChangeOfAnEnvironmentAtATime() {
		ApiClient api = api().withToken();
		String name = "busy-" + suffix();
		String created = create(api, name, "staging", "alice");
		api.post("/api/v1/requests/" + created + "/decisions", "{\"decision\": \"APPROVE\", \"onBehalfOf\": \"bob\"}");
		api.awaitState(created, "COMMITTED");
		Response first = api.post("/api/v1/requests", change("UPDATE", name, "{\"workers\": 6}", "alice"));
		assertThat(first.json().path("state").asText()).isEqualTo("PENDING_APPROVAL");
		Response second = api.post("/api/v1/requests", change("UPDATE", name, "{\"workers\": 8}", "alice"));
		assertThat(second.status()).isEqualTo(409);
		assertThat(second.json().path("type").asText()).isEqualTo("urn:haven:problem:environment-busy");
		api.post("/api/v1/requests/" + first.json().path("id").asText() + "/cancel", "{\"onBehalfOf\": \"alice\"}");
		assertThat(api.post("/api/v1/requests", change("UPDATE", name, "{\"workers\": 8}", "alice")).status())
			.isEqualTo(201);
	}

	@Test
	void decommissioningProductionAlsoNeedsAPlatformAdministratorAndRemovesItFromTheRepository() throws Exception {
		ApiClient api = api().withToken();
		String name = "gone-" + suffix();
		String created = api
			.post("/api/v1/requests",
					"""
							{"catalogItem": "odoo-dedicated", "environment": "%s", "team": "finance", "environmentClass": "prod",
							 "region": "eu-west", "parameters": {"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]},
							 "onBehalfOf": "alice"}"""
						.formatted(name))
			.json()
			.path("id")
			.asText();
		for (String approver : new String[] { "carol", "bob", "erin" }) {
			approve(api, created, approver);
		}
		api.awaitState(created, "COMMITTED");

		Response decommission = api.post("/api/v1/requests", change("DECOMMISSION", name, null, "alice"));
		assertThat(decommission.status()).as(decommission.text()).isEqualTo(201);
		String id = decommission.json().path("id").asText();
		assertThat(decommission.json().at("/approvals/policy").asText()).isEqualTo("prod-decommission");
		assertThat(decommission.json().at("/approvals/awaiting/name").asText()).isEqualTo("security-review");
		approve(api, id, "carol");
		approve(api, id, "bob");
		assertThat(approve(api, id, "erin").at("/approvals/awaiting/name").asText()).isEqualTo("platform-approval");
		assertThat(approve(api, id, "dave").path("state").asText()).isIn("APPROVED", "COMMITTED", "COMPLETED");
		JsonNode done = api.awaitState(id, "COMPLETED");
		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
			RevCommit commit = repository.commit(done.at("/commit/sha").asText());
			assertThat(commit.getShortMessage()).startsWith("Decommission");
			assertThat(commit.getFooterLines("Approved-by")).hasSize(4);
			assertThat(repository.files(commit)).doesNotContainKeys(
					"environments/finance/" + name + "/kustomization.yaml",
					"clusters/dedicated-eu-west/teams/finance/" + name + ".yaml");
			// what the team's other environments on the cluster need stays: its
			// AppProject
			assertThat(repository.files(commit)).containsKey("clusters/dedicated-eu-west/projects/finance.yaml");
		}
		JsonNode environment = api.get("/api/v1/environments/finance/" + name).json();
		assertThat(environment.at("/live/status").asText()).isEqualTo("DECOMMISSIONED");
		Response again = api.post("/api/v1/requests", change("UPDATE", name, "{\"workers\": 6}", "alice"));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("type").asText()).isEqualTo("urn:haven:problem:environment-decommissioned");
	}

	private static JsonNode approve(ApiClient api, String id, String approver) {
		Response decided = api.post("/api/v1/requests/" + id + "/decisions",
				"{\"decision\": \"APPROVE\", \"comment\": \"ok\", \"onBehalfOf\": \"" + approver + "\"}");
		assertThat(decided.status()).as(decided.text()).isEqualTo(200);
		return decided.json();
	}

	private static String create(ApiClient api, String name, String environmentClass, String onBehalfOf) {
		Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance", "environmentClass": "%s",
				 "region": "eu-west", "parameters": {"odooVersion": "17.0", "workers": 4}, "onBehalfOf": "%s"}"""
			.formatted(name, environmentClass, onBehalfOf));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private static String change(String type, String environment, String parameters, String onBehalfOf) {
		return """
				{"type": "%s", "team": "finance", "environment": "%s", %s "onBehalfOf": "%s"}""".formatted(type,
				environment, (parameters != null) ? "\"parameters\": " + parameters + "," : "", onBehalfOf);
	}

	private static String field(Response problem) {
		assertThat(problem.status()).as(problem.text()).isEqualTo(400);
		return problem.json().at("/errors/0/field").asText();
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 6);
	}

}
