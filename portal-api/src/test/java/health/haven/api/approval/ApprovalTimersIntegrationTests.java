package health.haven.api.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import health.haven.provisioning.request.ApprovalReminderDue;
import health.haven.provisioning.request.EnvironmentRequests;
import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reminders and expiry as the production policy sets them (remind a stage after 8 hours,
 * expire after 14 days), driven by the instant the timers run at: no test sleeps. The
 * timers run on the portal's clustered Quartz scheduler.
 */
@RecordApplicationEvents
class ApprovalTimersIntegrationTests extends PortalTest {

	@Autowired
	EnvironmentRequests requests;

	@Autowired
	Scheduler scheduler;

	@Autowired
	ApplicationEvents events;

	@Test
	void remindsEachStageOnceAndExpiresARequestNobodyDecided() {
		ApiClient api = api().withToken();
		Instant submitted = Instant.now();
		String id = submit(api, "timers-prod");

		// (other tests' requests may wait in the same portal: each assertion is about
		// this one)
		this.requests.runApprovalTimers(submitted.plus(Duration.ofHours(1)));
		assertThat(reminders(id)).isEmpty();

		// the security review has waited 8 hours: its reviewers are reminded, once
		assertThat(this.requests.runApprovalTimers(submitted.plus(Duration.ofHours(9))).reminded()).isPositive();
		assertThat(reminders(id)).singleElement().satisfies((reminder) -> {
			assertThat(reminder.stage()).isEqualTo("security-review");
			assertThat(reminder.deciders()).isEqualTo("role SECURITY_REVIEWER");
			assertThat(reminder.team()).isEqualTo("finance");
		});
		this.requests.runApprovalTimers(submitted.plus(Duration.ofHours(10)));
		assertThat(reminders(id)).hasSize(1);
		JsonNode request = api.get("/api/v1/requests/" + id).json();
		assertThat(request.path("timeline").valueStream().map((entry) -> entry.path("note").asText()))
			.anyMatch((note) -> note.startsWith("Reminder to role SECURITY_REVIEWER: stage security-review"));

		// the board's stage waits from the review's decision on, and is reminded on its
		// own
		assertThat(api
			.post("/api/v1/requests/" + id + "/decisions", "{\"decision\": \"APPROVE\", \"onBehalfOf\": \"carol\"}")
			.status()).isEqualTo(200);
		Instant reviewed = Instant.now();
		this.requests.runApprovalTimers(reviewed.plus(Duration.ofHours(7)));
		assertThat(reminders(id)).hasSize(1);
		this.requests.runApprovalTimers(reviewed.plus(Duration.ofHours(9)));
		assertThat(reminders(id)).extracting(ApprovalReminderDue::stage)
			.containsExactly("security-review", "change-advisory-board");

		// fourteen days after the submission without a decision, the request expires
		this.requests.runApprovalTimers(submitted.plus(Duration.ofDays(13)));
		assertThat(api.get("/api/v1/requests/" + id).json().path("state").asText()).isEqualTo("PENDING_APPROVAL");
		assertThat(this.requests.runApprovalTimers(submitted.plus(Duration.ofDays(14)).plusSeconds(60)).expired())
			.isPositive();
		JsonNode expired = api.get("/api/v1/requests/" + id).json();
		assertThat(expired.path("state").asText()).isEqualTo("EXPIRED");
		assertThat(expired.path("stateReason").asText()).isEqualTo(
				"Expired: no decision within 14 days of the submission (stage change-advisory-board was " + "waiting)");
		Response late = api.post("/api/v1/requests/" + id + "/decisions",
				"{\"decision\": \"APPROVE\", \"onBehalfOf\": \"bob\"}");
		assertThat(late.status()).isEqualTo(409);
		assertThat(late.json().path("reason").asText()).isEqualTo("illegal-transition");
		// on the audit trail, by the policy
		JsonNode trail = api().withToken("audit:read").get("/api/v1/audit?subject=request/" + id).json();
		assertThat(trail.path("items").valueStream().map((row) -> row.path("action").asText()))
			.contains("request.reminder-sent");
		assertThat(trail.path("items")
			.valueStream()
			.filter((row) -> row.at("/details/to").asText().equals("EXPIRED"))
			.map((row) -> row.path("actor").asText())).containsExactly("policy prod-change-approval");
		// an expired request frees its environment's name for a new request
		assertThat(api.post("/api/v1/requests", create("timers-prod")).status()).isEqualTo(201);
	}

	@Test
	void automaticPoliciesAndDecidedRequestsHaveNoTimers() {
		ApiClient api = api().withToken();
		Response dev = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "timers-dev", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}""");
		assertThat(dev.status()).isEqualTo(201);
		String id = dev.json().path("id").asText();
		this.requests.runApprovalTimers(Instant.now().plus(Duration.ofDays(30)));
		assertThat(api.get("/api/v1/requests/" + id).json().path("state").asText()).isNotEqualTo("EXPIRED");
		assertThat(reminders(id)).isEmpty();
	}

	@Test
	void theTimersRunOnTheClusteredScheduler() throws Exception {
		assertThat(this.scheduler.getMetaData().isJobStoreClustered()).isTrue();
		assertThat(this.scheduler.getJobDetail(JobKey.jobKey("approval-timers", "haven"))).isNotNull();
		assertThat(this.scheduler.getTrigger(TriggerKey.triggerKey("approval-timers", "haven"))).isNotNull();
	}

	private List<ApprovalReminderDue> reminders(String id) {
		return this.events.stream(ApprovalReminderDue.class)
			.filter((reminder) -> reminder.requestId().equals(UUID.fromString(id)))
			.toList();
	}

	private static String submit(ApiClient api, String environment) {
		Response created = api.post("/api/v1/requests", create(environment));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private static String create(String environment) {
		return """
				{"catalogItem": "odoo-dedicated", "environment": "%s", "team": "finance", "environmentClass": "prod",
				 "region": "eu-west", "parameters": {"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]},
				 "onBehalfOf": "alice"}""".formatted(environment);
	}

}
