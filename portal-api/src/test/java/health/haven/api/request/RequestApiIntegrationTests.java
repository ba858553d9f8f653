package health.haven.api.request;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import health.haven.provisioning.people.People;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.GitOpsRepositoryReader;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RequestApiIntegrationTests extends PortalTest {

	@Autowired
	People people;

	@Test
	void listsTheCatalogWithEachItemsSchema() {
		JsonNode catalog = api().withToken().get("/api/v1/catalog").json();
		assertThat(catalog.valueStream().map((item) -> item.path("key").asText())).containsExactly("odoo-dedicated",
				"odoo-multitenant");
		Response one = api().withToken().get("/api/v1/catalog/odoo-multitenant");
		assertThat(one.header("ETag")).isEqualTo("\"1\"");
		assertThat(api().withToken().get("/api/v1/catalog/odoo-multitenant", "If-None-Match", "\"1\"").status())
			.isEqualTo(304);
		JsonNode item = one.json();
		assertThat(item.path("version").asInt()).isEqualTo(1);
		assertThat(item.path("tier").asText()).isEqualTo("MULTI_TENANT");
		assertThat(item.at("/parameters/properties/odooVersion/enum").valueStream().map(JsonNode::asText))
			.containsExactly("17.0", "18.0");
		assertThat(api().withToken().get("/api/v1/catalog/odoo-enterprise").status()).isEqualTo(404);
	}

	@Test
	void approvesDevAutomaticallyAndCommitsIt() throws Exception {
		ApiClient api = api().withToken();
		Response created = api.post("/api/v1/requests", create("odoo-multitenant", "payroll-dev", "dev", "alice"));
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().path("id").asText();
		assertThat(created.header("Location")).endsWith("/api/v1/requests/" + id);
		assertThat(created.json().path("state").asText()).isEqualTo("APPROVED");

		JsonNode committed = api.awaitState(id, "COMMITTED");
		assertThat(committed.at("/commit/path").asText()).isEqualTo("environments/finance/payroll-dev");
		assertThat(committed.at("/approvals/decisions/0/automatic").asBoolean()).isTrue();
		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
			RevCommit commit = repository.commit(committed.at("/commit/sha").asText());
			assertThat(commit.getFooterLines("Haven-Request")).containsExactly(id);
			assertThat(commit.getFooterLines("Approved-by")).containsExactly("policy dev-self-service (automatic)");
			assertThat(commit.getFooterLines("Requested-by")).containsExactly("alice via ticketing-demo");
			assertThat(commit.getFooterLines("Ticket")).containsExactly("servicenow CHG0031337");
			assertThat(repository.files(commit)).containsKeys("environments/finance/payroll-dev/kustomization.yaml",
					"environments/finance/payroll-dev/deployment.yaml",
					"clusters/shared-eu-west/teams/finance/payroll-dev.yaml");
		}
	}

	@Test
	void productionNeedsASecurityReviewThenTwoDistinctApproversNoneOfThemTheRequester() {
		ApiClient api = api().withToken();
		String id = api.post("/api/v1/requests", create("odoo-dedicated", "ledger-prod", "prod", "alice"))
			.json()
			.path("id")
			.asText();
		JsonNode pending = api.get("/api/v1/requests/" + id).json();
		assertThat(pending.path("state").asText()).isEqualTo("PENDING_APPROVAL");
		assertThat(pending.at("/approvals/awaiting/name").asText()).isEqualTo("security-review");
		assertThat(pending.at("/approvals/awaiting/role").asText()).isEqualTo("SECURITY_REVIEWER");

		Response own = api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", "looks fine", "alice"));
		assertThat(own.status()).isEqualTo(403);
		assertThat(own.header("Content-Type")).startsWith("application/problem+json");
		assertThat(own.json().path("reason").asText()).isEqualTo("own-request");
		// the board before the security review: 409, naming the stage that waits
		Response early = api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", "CAB 42", "bob"));
		assertThat(early.status()).isEqualTo(409);
		assertThat(early.json().path("reason").asText()).isEqualTo("stage-not-open");
		assertThat(early.json().path("detail").asText()).contains("security-review");
		assertThat(api.get("/api/v1/requests/" + id).json().at("/approvals/decisions").size()).isZero();

		assertThat(api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", "threat model ok", "carol"))
			.status()).isEqualTo(200);
		JsonNode board = api.get("/api/v1/requests/" + id).json();
		assertThat(board.at("/approvals/awaiting/name").asText()).isEqualTo("change-advisory-board");
		assertThat(board.at("/approvals/awaiting/quorum").asText()).isEqualTo("2");
		assertThat(board.at("/approvals/awaiting/missing").asInt()).isEqualTo(2);
		// the security reviewer holds no APPROVER role: not one of the board
		Response carolAgain = api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", null, "carol"));
		assertThat(carolAgain.status()).isEqualTo(403);
		assertThat(carolAgain.json().path("reason").asText()).isEqualTo("missing-role");

		assertThat(api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", "CAB 42", "bob")).status())
			.isEqualTo(200);
		Response bobAgain = api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", "again", "bob"));
		assertThat(bobAgain.status()).isEqualTo(409);
		assertThat(bobAgain.json().path("reason").asText()).isEqualTo("already-decided");
		assertThat(api.get("/api/v1/requests/" + id).json().at("/approvals/awaiting/missing").asInt()).isOne();

		assertThat(api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", "CAB 42", "erin")).status())
			.isEqualTo(200);
		JsonNode committed = api.awaitState(id, "COMMITTED");
		assertThat(committed.at("/approvals/decisions").valueStream().map((d) -> d.path("decidedBy").asText()))
			.containsExactly("carol", "bob", "erin");
		assertThat(committed.at("/approvals/decisions/1/actingClient").asText()).isEqualTo("ticketing-demo");
		assertThat(committed.at("/commit/sha").asText()).hasSize(40);

		Response late = api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", null, "dave"));
		assertThat(late.status()).isEqualTo(409);
		assertThat(late.json().path("reason").asText()).isEqualTo("illegal-transition");
	}

	/**
	 * The two approvers of the board decide at the same moment: both are counted, one
	 * after the other, and the request is approved once.
	 */
	@Test
	void twoDecisionsAtTheSameMomentAreBothCounted() throws Exception {
		ApiClient api = api().withToken();
		for (int round = 0; round < 3; round++) {
			String id = api.post("/api/v1/requests", create("odoo-dedicated", "race-prod-" + round, "prod", "alice"))
				.json()
				.path("id")
				.asText();
			assertThat(api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", null, "carol")).status())
				.isEqualTo(200);
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService threads = Executors.newFixedThreadPool(2);
			try {
				List<Future<Response>> decided = new ArrayList<>();
				for (String approver : List.of("bob", "erin")) {
					decided.add(threads.submit(() -> {
						start.await();
						return api.post("/api/v1/requests/" + id + "/decisions", decision("APPROVE", null, approver));
					}));
				}
				start.countDown();
				for (Future<Response> response : decided) {
					assertThat(response.get().status()).as(response.get().text()).isEqualTo(200);
				}
			}
			finally {
				threads.shutdownNow();
			}
			JsonNode committed = api.awaitState(id, "COMMITTED");
			assertThat(committed.at("/approvals/decisions").size()).isEqualTo(3);
			assertThat(committed.path("timeline")
				.valueStream()
				.filter((entry) -> entry.path("state").asText().equals("APPROVED"))).hasSize(1);
		}
	}

	@Test
	void aRejectionNeedsAReasonAndEndsTheRequestWithoutACommit() {
		ApiClient api = api().withToken();
		String id = api.post("/api/v1/requests", create("odoo-dedicated", "audit-staging", "staging", "alice"))
			.json()
			.path("id")
			.asText();
		Response noReason = api.post("/api/v1/requests/" + id + "/decisions", decision("REJECT", null, "erin"));
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(fields(noReason)).containsExactly("comment");
		Response rejected = api.post("/api/v1/requests/" + id + "/decisions",
				decision("REJECT", "No rollback plan", "erin"));
		assertThat(rejected.json().path("state").asText()).isEqualTo("REJECTED");
		assertThat(rejected.json().has("commit")).isFalse();
	}

	@Test
	void namesEveryInvalidFieldAndStoresNothing() {
		ApiClient api = api().withToken();
		String newestBefore = newest(api);
		Response invalid = api.post("/api/v1/requests",
				"""
						{"catalogItem": "odoo-dedicated", "environment": "../../etc", "team": "marketing",
						 "environmentClass": "prod", "region": "eu-west",
						 "parameters": {"odooVersion": "16.0", "workers": 1, "adminAllowList": ["10.0.0.0/8", "0.0.0.0/0\\nkind: Secret"],
						                "debugMode": true},
						 "ticket": {"system": "servicenow", "id": "CHG1\\nApproved-by: mallory"},
						 "onBehalfOf": "alice"}
						""");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().path("type").asText()).isEqualTo("urn:haven:problem:invalid-request");
		assertThat(fields(invalid)).containsExactlyInAnyOrder("environment", "team", "parameters.odooVersion",
				"parameters.workers", "parameters.adminAllowList[1]", "parameters.debugMode", "ticket.id");
		// in words a requester reads: the field by its title, what it takes, never a
		// pattern
		assertThat(messages(invalid))
			.contains("Entry 2 of Admin IP allow-list must be an IPv4 network in CIDR form, such as 10.0.0.0/8",
					"HTTP workers must be at least 2", "Odoo version must be one of 17.0, 18.0",
					"There is no team named 'marketing'")
			.noneMatch((message) -> message.contains("regex") || message.contains("^("));
		assertThat(api.post("/api/v1/requests", create("odoo-enterprise", "x", "dev", "alice"))
			.json()
			.path("errors")
			.get(0)
			.path("field")
			.asText()).isEqualTo("catalogItem");
		assertThat(api.post("/api/v1/requests", "{not json").status()).isEqualTo(400);
		assertThat(newest(api)).isEqualTo(newestBefore);
	}

	@Test
	void refusesTheSameEnvironmentTwice() {
		ApiClient api = api().withToken();
		String body = create("odoo-dedicated", "twice-staging", "staging", "alice");
		assertThat(api.post("/api/v1/requests", body).status()).isEqualTo(201);
		Response second = api.post("/api/v1/requests", body);
		assertThat(second.status()).isEqualTo(409);
		assertThat(second.json().path("reason").asText()).isEqualTo("environment-exists");
	}

	@Test
	void refusesATeamWhoseKeyExtendsAnotherTeamsSoThatNoNamespacesCanCollide() {
		// "finance-ops" with "ledger-dev" and "finance" with "ops-ledger-dev" would share
		// a
		// namespace, and the first team's AppProject would reach into the second's
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.people.createTeam("finance-ops", "Finance ops", "test"))
			.withMessageContaining("too close to the existing team finance");
		assertThatIllegalArgumentException().isThrownBy(() -> this.people.createTeam("procurement", "Again", "test"))
			.withMessageContaining("procurement");
		assertThat(this.people.findTeam("finance-ops")).isEmpty();
	}

	@Test
	void attributesEveryChangeToAPersonTheClientMayActFor() {
		ApiClient api = api().withToken();
		Response nobody = api.post("/api/v1/requests", create("odoo-dedicated", "who-dev", "dev", null));
		assertThat(nobody.status()).isEqualTo(400);
		assertThat(fields(nobody)).containsExactly("onBehalfOf");
		Response stranger = api.post("/api/v1/requests", create("odoo-dedicated", "who-dev", "dev", "mallory"));
		assertThat(stranger.status()).isEqualTo(400);
		Response outsider = api.post("/api/v1/requests", create("odoo-dedicated", "who-dev", "dev", "bob"));
		assertThat(outsider.status()).isEqualTo(403);
		assertThat(outsider.json().path("reason").asText()).isEqualTo("not-team-member");
		Response withoutOnBehalfScope = api().withToken("requests:read", "requests:write")
			.post("/api/v1/requests", create("odoo-dedicated", "who-dev", "dev", "alice"));
		assertThat(withoutOnBehalfScope.status()).isEqualTo(403);
		assertThat(withoutOnBehalfScope.json().path("reason").asText()).isEqualTo("missing-scope");
	}

	@Test
	void answersWithoutAValidTokenOrScopeWithProblemDetails() {
		Response anonymous = api().withoutToken().get("/api/v1/requests");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(anonymous.json().path("type").asText()).isEqualTo("urn:haven:problem:unauthorized");
		Response readOnly = api().withToken("requests:read")
			.post("/api/v1/requests", create("odoo-dedicated", "scope-dev", "dev", "alice"));
		assertThat(readOnly.status()).isEqualTo(403);
		assertThat(readOnly.json().path("type").asText()).isEqualTo("urn:haven:problem:missing-scope");
		assertThat(api().withoutToken().get("/actuator/health").json().path("status").asText()).isEqualTo("UP");
	}

	private static List<String> messages(Response problem) {
		return problem.json().path("errors").valueStream().map((error) -> error.path("message").asText()).toList();
	}

	private static List<String> fields(Response problem) {
		return problem.json().path("errors").valueStream().map((error) -> error.path("field").asText()).toList();
	}

	static String create(String item, String environment, String environmentClass, String onBehalfOf) {
		return """
				{"catalogItem": "%s", "environment": "%s", "team": "finance", "environmentClass": "%s",
				 "region": "eu-west", "parameters": {"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]},
				 "ticket": {"system": "servicenow", "id": "CHG0031337", "url": "https://servicenow.example/CHG0031337"}
				 %s}
				""".formatted(item, environment, environmentClass,
				(onBehalfOf != null) ? ", \"onBehalfOf\": \"" + onBehalfOf + "\"" : "");
	}

	static String decision(String decision, String comment, String onBehalfOf) {
		return """
				{"decision": "%s", %s "onBehalfOf": "%s"}
				""".formatted(decision, (comment != null) ? "\"comment\": \"" + comment + "\"," : "", onBehalfOf);
	}

	private static String newest(ApiClient api) {
		return api.get("/api/v1/requests?limit=1").json().path("items").path(0).path("id").asText();
	}

}
