package health.haven.api.request;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import health.haven.provisioning.people.People;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.PortalTest;
import health.haven.test.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request list as a ticketing system pages through it, and who sees what: a person
 * sees their teams' requests and environments only (another team's is "not found"), a
 * client acting for nobody sees the teams its registration names.
 */
class RequestListAndScopeIntegrationTests extends PortalTest {

	@Autowired
	People people;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	PasswordEncoder passwordEncoder;

	@BeforeEach
	void registerClientAndPerson() {
		TestClients.registerFinanceDesk(this.clients, this.passwordEncoder);
		TestClients.createPaula(this.people);
	}

	@Test
	void pagesNewestFirstAndStaysStableWhileRequestsArrive() {
		ApiClient api = api().withToken();
		String ticket = "LIST-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(create(api, "finance", "list" + i + "-" + ticket.substring(5).toLowerCase(), "dev", "alice",
					ticket));
		}
		Response first = api.get("/api/v1/requests?ticket=" + ticket + "&limit=2");
		assertThat(first.status()).isEqualTo(200);
		assertThat(ids(first)).containsExactly(created.get(4), created.get(3));
		String next = first.json().path("next").asText();
		assertThat(first.header("Link")).contains("cursor=" + next).endsWith("; rel=\"next\"");

		// a request made meanwhile shows on a fresh first page, never shifts the pages
		// still to read
		String later = create(api, "finance", "list5-" + ticket.substring(5).toLowerCase(), "dev", "alice", ticket);
		Response second = api.get("/api/v1/requests?ticket=" + ticket + "&limit=2&cursor=" + next);
		assertThat(ids(second)).containsExactly(created.get(2), created.get(1));
		Response third = api
			.get("/api/v1/requests?ticket=" + ticket + "&limit=2&cursor=" + second.json().path("next").asText());
		assertThat(ids(third)).containsExactly(created.get(0));
		assertThat(third.json().has("next")).isFalse();
		assertThat(third.header("Link")).isNull();
		assertThat(ids(api.get("/api/v1/requests?ticket=" + ticket + "&limit=1"))).containsExactly(later);
	}

	@Test
	void filtersByStateTeamEnvironmentTicketAndRequester() {
		ApiClient api = api().withToken();
		String ticket = "FLT-" + UUID.randomUUID().toString().substring(0, 8);
		String suffix = ticket.substring(4).toLowerCase();
		String dev = create(api, "finance", "flt-dev-" + suffix, "dev", "alice", ticket);
		String staging = create(api, "finance", "flt-stg-" + suffix, "staging", "alice", ticket);
		String procurement = create(api, "procurement", "flt-dev-" + suffix, "dev", "paula", ticket);

		assertThat(ids(api.get("/api/v1/requests?ticket=" + ticket + "&state=PENDING_APPROVAL")))
			.containsExactly(staging);
		assertThat(ids(api.get("/api/v1/requests?ticket=" + ticket + "&team=procurement")))
			.containsExactly(procurement);
		assertThat(ids(api.get("/api/v1/requests?ticket=" + ticket + "&environment=flt-dev-" + suffix)))
			.containsExactlyInAnyOrder(dev, procurement);
		assertThat(ids(api.get("/api/v1/requests?ticket=" + ticket + "&requestedBy=paula")))
			.containsExactly(procurement);

		Response badState = api.get("/api/v1/requests?state=DONE");
		assertThat(badState.status()).isEqualTo(400);
		assertThat(badState.json().at("/errors/0/field").asText()).isEqualTo("state");
		Response badCursor = api.get("/api/v1/requests?cursor=not-ours");
		assertThat(badCursor.status()).isEqualTo(400);
		assertThat(badCursor.json().at("/errors/0/field").asText()).isEqualTo("cursor");
		assertThat(api.get("/api/v1/requests?limit=0").json().at("/errors/0/field").asText()).isEqualTo("limit");
		assertThat(api.get("/api/v1/requests?limit=101").status()).isEqualTo(400);
	}

	@Test
	void aPersonSeesAndActsOnlyWithinTheirTeamsAndAnotherTeamsRequestIsNotFound() {
		ApiClient api = api().withToken();
		String ticket = "SCP-" + UUID.randomUUID().toString().substring(0, 8);
		String suffix = ticket.substring(4).toLowerCase();
		String finance = create(api, "finance", "scp-stg-" + suffix, "staging", "alice", ticket);
		String procurement = create(api, "procurement", "scp-stg-" + suffix, "staging", "paula", ticket);

		// paula, of procurement, through the demo client
		Response notHers = api.get("/api/v1/requests/" + finance + "?onBehalfOf=paula");
		assertThat(notHers.status()).isEqualTo(404);
		assertThat(notHers.json().path("type").asText()).isEqualTo("urn:haven:problem:not-found");
		assertThat(api.get("/api/v1/requests/" + procurement + "?onBehalfOf=paula").status()).isEqualTo(200);
		assertThat(ids(api.get("/api/v1/requests?ticket=" + ticket + "&onBehalfOf=paula")))
			.containsExactly(procurement);
		// acting on it is as unknown as reading it: 404, never 403, and nothing changes
		Response cancel = api.post("/api/v1/requests/" + finance + "/cancel", "{\"onBehalfOf\": \"paula\"}");
		assertThat(cancel.status()).isEqualTo(404);
		Response resubmit = api.post("/api/v1/requests/" + finance + "/resubmit",
				"{\"parameters\": {}, \"onBehalfOf\": \"paula\"}");
		assertThat(resubmit.status()).isEqualTo(404);
		assertThat(api.get("/api/v1/requests/" + finance).json().path("state").asText()).isEqualTo("PENDING_APPROVAL");
		// an approver sees every team's
		assertThat(ids(api.get("/api/v1/requests?ticket=" + ticket + "&onBehalfOf=bob")))
			.containsExactlyInAnyOrder(finance, procurement);

		// a client serving finance only, acting for nobody
		ApiClient desk = api().as(TestClients.FINANCE_DESK, TestClients.FINANCE_DESK_SECRET).withToken();
		assertThat(ids(desk.get("/api/v1/requests?ticket=" + ticket))).containsExactly(finance);
		assertThat(desk.get("/api/v1/requests/" + procurement).status()).isEqualTo(404);
		assertThat(desk.get("/api/v1/requests/" + finance).status()).isEqualTo(200);
		// acting for paula, it sees what she sees
		assertThat(desk.get("/api/v1/requests/" + procurement + "?onBehalfOf=paula").status()).isEqualTo(200);

		// naming a person needs the scope; an unknown person is named as the problem
		ApiClient readOnly = api().withToken("requests:read");
		Response withoutScope = readOnly.get("/api/v1/requests/" + finance + "?onBehalfOf=alice");
		assertThat(withoutScope.status()).isEqualTo(403);
		assertThat(withoutScope.json().path("reason").asText()).isEqualTo("missing-scope");
		Response unknown = api.get("/api/v1/requests/" + finance + "?onBehalfOf=mallory");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().at("/errors/0/field").asText()).isEqualTo("onBehalfOf");
	}

	@Test
	void anotherTeamsEnvironmentIsNotFound() {
		ApiClient api = api().withToken();
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String id = create(api, "procurement", "env-dev-" + suffix, "dev", "paula", "ENV-" + suffix);
		api.awaitState(id, "COMMITTED");
		String path = "/api/v1/environments/procurement/env-dev-" + suffix;
		assertThat(api.get(path + "?onBehalfOf=paula").status()).isEqualTo(200);
		assertThat(api.get(path + "?onBehalfOf=alice").status()).isEqualTo(404);
		ApiClient desk = api().as(TestClients.FINANCE_DESK, TestClients.FINANCE_DESK_SECRET).withToken();
		assertThat(desk.get(path).status()).isEqualTo(404);
		assertThat(desk.get("/api/v1/environments?team=procurement").json().path("items")).isEmpty();
		assertThat(api.get("/api/v1/environments?team=procurement&onBehalfOf=paula")
			.json()
			.path("items")
			.valueStream()
			.map((environment) -> environment.path("name").asText())).contains("env-dev-" + suffix);
	}

	@Test
	void theRequesterOrAnAdministratorCancelsARequestNotYetCommitted() {
		ApiClient api = api().withToken();
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String pending = create(api, "finance", "cnl-stg-" + suffix, "staging", "alice", "CNL-" + suffix);

		Response byApprover = api.post("/api/v1/requests/" + pending + "/cancel", "{\"onBehalfOf\": \"bob\"}");
		assertThat(byApprover.status()).isEqualTo(403);
		assertThat(byApprover.json().path("reason").asText()).isEqualTo("not-requester");

		Response cancelled = api.post("/api/v1/requests/" + pending + "/cancel",
				"{\"reason\": \"Raised on the wrong ticket\", \"onBehalfOf\": \"alice\"}");
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().path("state").asText()).isEqualTo("CANCELLED");
		assertThat(cancelled.json().path("stateReason").asText()).isEqualTo("Cancelled: Raised on the wrong ticket");
		assertThat(cancelled.json().at("/timeline").valueStream().map((step) -> step.path("actor").asText()))
			.contains("alice via ticketing-demo");
		// cancelled is final, and nobody decides on it any more
		assertThat(api.post("/api/v1/requests/" + pending + "/cancel", "{\"onBehalfOf\": \"alice\"}").status())
			.isEqualTo(409);
		assertThat(api
			.post("/api/v1/requests/" + pending + "/decisions", "{\"decision\": \"APPROVE\", \"onBehalfOf\": \"bob\"}")
			.status()).isEqualTo(409);
		// and the name is free again
		assertThat(api
			.post("/api/v1/requests",
					RequestApiIntegrationTests.create("odoo-dedicated", "cnl-stg-" + suffix, "staging", "alice"))
			.status()).isEqualTo(201);

		String other = create(api, "finance", "cnl2-stg-" + suffix, "staging", "alice", "CNL-" + suffix);
		assertThat(api.post("/api/v1/requests/" + other + "/cancel", "{\"onBehalfOf\": \"dave\"}")
			.json()
			.path("state")
			.asText()).isEqualTo("CANCELLED");

		String committed = create(api, "finance", "cnl-dev-" + suffix, "dev", "alice", "CNL-" + suffix);
		api.awaitState(committed, "COMMITTED");
		Response tooLate = api.post("/api/v1/requests/" + committed + "/cancel", "{\"onBehalfOf\": \"alice\"}");
		assertThat(tooLate.status()).isEqualTo(409);
		assertThat(tooLate.json().path("type").asText()).isEqualTo("urn:haven:problem:illegal-transition");
	}

	static String create(ApiClient api, String team, String environment, String environmentClass, String onBehalfOf,
			String ticket) {
		Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "%s", "environmentClass": "%s",
				 "region": "eu-west", "parameters": {"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]},
				 "ticket": {"system": "servicenow", "id": "%s"}, "onBehalfOf": "%s"}
				""".formatted(environment, team, environmentClass, ticket, onBehalfOf));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	static List<String> ids(Response page) {
		assertThat(page.status()).as(page.text()).isEqualTo(200);
		return page.json().path("items").valueStream().map((item) -> item.path("id").asText()).toList();
	}

}
