package health.haven.api.approval;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import health.haven.provisioning.request.EnvironmentRequests;
import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.PageSession;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Change windows on the real portal: a change approved inside a freeze waits, approved,
 * and is committed when the approval timers find the freeze over; an emergency change,
 * decided under its stricter policy, is committed inside the freeze; only a platform
 * administrator defines freezes. Each test removes the freezes it made, so that the other
 * tests of the shared portal are not held.
 */
class ChangeWindowsIntegrationTests extends PortalTest {

	@Autowired
	EnvironmentRequests requests;

	@Test
	void aChangeApprovedInAFreezeWaitsForTheWindowAndIsCommittedWhenItOpens() {
		ApiClient api = api().withToken();
		Instant ends = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
		String window = freeze(api, "staging", Instant.now().minus(Duration.ofHours(1)), ends, "Month-end close");
		try {
			Response created = api.post("/api/v1/requests", request("windows-staging", "staging", false));
			assertThat(created.status()).as(created.text()).isEqualTo(201);
			String id = created.json().path("id").asText();
			Response approved = api.post("/api/v1/requests/" + id + "/decisions",
					"{\"decision\": \"APPROVE\", \"comment\": \"CAB\", \"onBehalfOf\": \"erin\"}");
			assertThat(approved.status()).as(approved.text()).isEqualTo(200);
			assertThat(approved.json().path("state").asText()).isEqualTo("APPROVED");
			assertThat(approved.json().at("/heldForWindow/until").asText()).isEqualTo(ends.toString());
			assertThat(approved.json().at("/heldForWindow/reason").asText()).isEqualTo("Month-end close");
			assertThat(approved.json().path("timeline").valueStream().map((entry) -> entry.path("note").asText()))
				.anyMatch((note) -> note.startsWith("Approved, waiting for the change window at " + ends));

			// the pages say so: the request's, and the approval queue with the freezes to
			// come
			PageSession alice = new PageSession("http://localhost:" + this.port);
			alice.signIn("alice", "alice-demo");
			assertThat(alice.get("/requests/" + id).text()).contains("id=\"request-held\"")
				.contains("waiting for the change window")
				.contains("Month-end close");
			PageSession bob = new PageSession("http://localhost:" + this.port);
			bob.signIn("bob", "bob-demo");
			assertThat(bob.get("/approvals").text()).contains("id=\"change-windows\"").contains("Month-end close");

			// still frozen an hour later: nothing goes
			this.requests.runApprovalTimers(Instant.now().plus(Duration.ofHours(1)));
			JsonNode stillHeld = api.get("/api/v1/requests/" + id).json();
			assertThat(stillHeld.path("state").asText()).isEqualTo("APPROVED");
			assertThat(stillHeld.at("/heldForWindow/until").asText()).isEqualTo(ends.toString());
			// the window opens: the next look of the timers sends it to the writer
			assertThat(this.requests.runApprovalTimers(ends.plusSeconds(60)).released()).isPositive();
			JsonNode committed = api.awaitState(id, "COMMITTED");
			assertThat(committed.has("heldForWindow")).isFalse();
			assertThat(committed.path("timeline").valueStream().map((entry) -> entry.path("note").asText()))
				.contains("The change window opened: committing");
		}
		finally {
			remove(api, window);
		}
	}

	@Test
	void anEmergencyChangeUnderItsStricterPolicyIsCommittedInsideAFreeze() {
		ApiClient api = api().withToken();
		String window = freeze(api, "prod", Instant.now().minus(Duration.ofHours(1)),
				Instant.now().plus(Duration.ofHours(2)), "Go-live weekend");
		try {
			Response devEmergency = api.post("/api/v1/requests", """
					{"catalogItem": "odoo-multitenant", "environment": "windows-dev", "team": "finance",
					 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice",
					 "emergency": true}""");
			assertThat(devEmergency.status()).isEqualTo(400);
			assertThat(devEmergency.json().path("errors").get(0).path("field").asText()).isEqualTo("emergency");

			Response created = api.post("/api/v1/requests", request("windows-prod", "prod", true));
			assertThat(created.status()).as(created.text()).isEqualTo(201);
			assertThat(created.json().path("emergency").asBoolean()).isTrue();
			assertThat(created.json().at("/approvals/policy").asText()).isEqualTo("prod-emergency-change");
			String id = created.json().path("id").asText();
			assertThat(decide(api, id, "carol").status()).isEqualTo(200);
			// the emergency policy's second stage is the platform administrators', not
			// the
			// board's
			Response board = decide(api, id, "bob");
			assertThat(board.status()).isEqualTo(403);
			assertThat(board.json().path("reason").asText()).isEqualTo("missing-role");
			assertThat(decide(api, id, "dave").status()).isEqualTo(200);
			JsonNode committed = api.awaitState(id, "COMMITTED");
			assertThat(committed.has("heldForWindow")).isFalse();
		}
		finally {
			remove(api, window);
		}
	}

	@Test
	void onlyAPlatformAdministratorDefinesFreezesAndEachIsListedWithItsNextOccurrence() {
		ApiClient api = api().withToken();
		Response byApprover = api.post("/api/v1/change-windows", weekly("bob", "FRIDAY", "16:00"));
		assertThat(byApprover.status()).isEqualTo(403);
		assertThat(byApprover.json().path("reason").asText()).isEqualTo("missing-role");
		Response badDay = api.post("/api/v1/change-windows", weekly("dave", "FREITAG", "16:00"));
		assertThat(badDay.status()).isEqualTo(400);
		assertThat(badDay.json().path("errors").get(0).path("field").asText()).isEqualTo("startsDay");
		Response badTime = api.post("/api/v1/change-windows", weekly("dave", "FRIDAY", "4pm"));
		assertThat(badTime.json().path("errors").get(0).path("field").asText()).isEqualTo("startsTime");
		Response backwards = api.post("/api/v1/change-windows", """
				{"environmentClass": "prod", "kind": "DATED", "startsAt": "2026-12-02T08:00:00Z",
				 "endsAt": "2026-11-30T16:00:00Z", "reason": "backwards", "onBehalfOf": "dave"}""");
		assertThat(backwards.json().path("errors").get(0).path("field").asText()).isEqualTo("endsAt");
		assertThat(api().withToken("requests:read", "requests:write", "on-behalf")
			.post("/api/v1/change-windows", weekly("dave", "FRIDAY", "16:00"))
			.status()).isEqualTo(403);

		Response created = api.post("/api/v1/change-windows", weekly("dave", "FRIDAY", "16:00"));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String id = created.json().path("id").asText();
		try {
			assertThat(created.json().path("createdBy").asText()).isEqualTo("dave via ticketing-demo");
			JsonNode listed = api.get("/api/v1/change-windows?class=prod")
				.json()
				.path("items")
				.valueStream()
				.filter((window) -> window.path("id").asText().equals(id))
				.findFirst()
				.orElseThrow();
			assertThat(listed.path("startsDay").asText()).isEqualTo("FRIDAY");
			assertThat(Instant.parse(listed.path("nextEnd").asText()))
				.isAfter(Instant.parse(listed.path("nextStart").asText()));
			assertThat(api.get("/api/v1/change-windows").json().path("timeZone").asText()).isNotBlank();
		}
		finally {
			remove(api, id);
		}
		Response gone = api.delete("/api/v1/change-windows/" + id + "?onBehalfOf=dave");
		assertThat(gone.status()).isEqualTo(404);
		JsonNode trail = api().withToken("audit:read").get("/api/v1/audit?subject=change-window/" + id).json();
		assertThat(trail.path("items").valueStream().map((row) -> row.path("action").asText()))
			.containsExactly("change-window.created", "change-window.deleted");
	}

	private static String weekly(String person, String day, String time) {
		return """
				{"environmentClass": "prod", "kind": "WEEKLY", "startsDay": "%s", "startsTime": "%s",
				 "endsDay": "MONDAY", "endsTime": "06:00", "reason": "No prod changes over the weekend",
				 "onBehalfOf": "%s"}""".formatted(day, time, person);
	}

	private static String freeze(ApiClient api, String environmentClass, Instant from, Instant to, String reason) {
		Response created = api.post("/api/v1/change-windows", """
				{"environmentClass": "%s", "kind": "DATED", "startsAt": "%s", "endsAt": "%s", "reason": "%s",
				 "onBehalfOf": "dave"}""".formatted(environmentClass, from, to, reason));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private static void remove(ApiClient api, String id) {
		assertThat(api.delete("/api/v1/change-windows/" + id + "?onBehalfOf=dave").status()).isEqualTo(204);
	}

	private static Response decide(ApiClient api, String id, String person) {
		return api.post("/api/v1/requests/" + id + "/decisions",
				"{\"decision\": \"APPROVE\", \"comment\": \"emergency\", \"onBehalfOf\": \"%s\"}".formatted(person));
	}

	private static String request(String environment, String environmentClass, boolean emergency) {
		return """
				{"catalogItem": "odoo-dedicated", "environment": "%s", "team": "finance", "environmentClass": "%s",
				 "region": "eu-west", "parameters": {"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]},
				 "onBehalfOf": "alice", "emergency": %s}""".formatted(environment, environmentClass, emergency);
	}

}
