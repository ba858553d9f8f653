package health.haven.api.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import health.haven.provisioning.people.NewPerson;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Role;
import health.haven.provisioning.request.EnvironmentRequests;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.CallbackReceiver;
import health.haven.test.CallbackReceiver.Received;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request raised by one person for another: it is the other's request, and neither
 * decides on it, whatever roles they hold. And a stage that waited too long reminds its
 * deciders through the ticketing system's callback.
 */
class SeparationOfDutiesIntegrationTests extends PortalTest {

	@Autowired
	People people;

	@Autowired
	EnvironmentRequests requests;

	@BeforeEach
	void serviceDeskAgent() {
		// sam works the service desk for finance and sits on the board as well
		if (this.people.find("sam").isEmpty()) {
			this.people.create(new NewPerson("sam", "Sam Service Desk", "sam-demo",
					Set.of(Role.REQUESTER, Role.APPROVER), Set.of("finance")), "test setup");
		}
	}

	@Test
	void whoeverRaisedARequestForSomeoneElseDoesNotDecideOnItEither() {
		ApiClient api = api().withToken();
		Response created = api.post("/api/v1/requests", body("for-alice", "sam", "alice"));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String id = created.json().path("id").asText();
		assertThat(created.json().path("requestedBy").asText()).isEqualTo("alice");
		assertThat(created.json().path("submittedBy").asText()).isEqualTo("sam via ticketing-demo for alice");

		Response bySubmitter = decide(api, id, "sam");
		assertThat(bySubmitter.status()).isEqualTo(403);
		assertThat(bySubmitter.json().path("reason").asText()).isEqualTo("submitted-for-another");
		assertThat(decide(api, id, "alice").json().path("reason").asText()).isEqualTo("own-request");
		assertThat(api.get("/api/v1/requests/" + id).json().at("/approvals/decisions")).isEmpty();
		assertThat(decide(api, id, "bob").json().path("state").asText()).isIn("APPROVED", "COMMITTED");

		// the person it is raised for must be one who may request it
		assertThat(api.post("/api/v1/requests", body("for-nobody", "sam", "mallory"))
			.json()
			.at("/errors/0/field")
			.asText()).isEqualTo("requestedFor");
		assertThat(
				api.post("/api/v1/requests", body("for-approver", "sam", "erin")).json().at("/errors/0/field").asText())
			.isEqualTo("requestedFor");
	}

	@Test
	void aStageThatWaitedTooLongRemindsItsDecidersThroughTheCallback() {
		ApiClient api = api().withToken();
		try (CallbackReceiver receiver = new CallbackReceiver()) {
			Response subscribed = api.post("/api/v1/webhooks", """
					{"url": "%s", "events": ["request.reminder_due"], "secret": "reminder-secret-0123456789abcdef"}"""
				.formatted(receiver.url("/reminders")));
			assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(201);
			String id = api.post("/api/v1/requests", body("remind-me", "alice", null)).json().path("id").asText();
			// the timers run as their Quartz job would, a day later (staging reminds
			// after 24 h)
			this.requests.runApprovalTimers(Instant.now().plus(Duration.ofHours(25)));
			await().atMost(Duration.ofSeconds(20)).until(() -> reminders(receiver, id).size() == 1);
			JsonNode reminder = reminders(receiver, id).get(0).json();
			assertThat(reminder.path("type").asText()).isEqualTo("request.reminder_due");
			assertThat(reminder.at("/data/stage").asText()).isEqualTo("change-advisory-board");
			assertThat(reminder.at("/data/deciders").asText()).isEqualTo("role APPROVER");
		}
	}

	private static List<Received> reminders(CallbackReceiver receiver, String id) {
		return receiver.received()
			.stream()
			.filter((callback) -> id.equals(callback.json().at("/data/requestId").asText()))
			.toList();
	}

	private static Response decide(ApiClient api, String id, String approver) {
		return api.post("/api/v1/requests/" + id + "/decisions",
				"{\"decision\": \"APPROVE\", \"comment\": \"ok\", \"onBehalfOf\": \"" + approver + "\"}");
	}

	private static String body(String environment, String onBehalfOf, String requestedFor) {
		return """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance", "environmentClass": "staging",
				 "region": "eu-west", "parameters": {"odooVersion": "17.0"}, "onBehalfOf": "%s" %s}"""
			.formatted(environment, onBehalfOf,
					(requestedFor != null) ? ", \"requestedFor\": \"" + requestedFor + "\"" : "");
	}

}
