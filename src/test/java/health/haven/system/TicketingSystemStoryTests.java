package health.haven.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import health.haven.api.webhook.WebhookSender;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.CallbackReceiver;
import health.haven.test.CallbackReceiver.Received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ServiceNow, played from outside against a portal started as README command one starts
 * it: it subscribes its callback endpoint, creates a request with an idempotency key and
 * sends it again after a "timeout", polls cheaply with {@code If-None-Match}, carries the
 * change advisory board's decision with {@code If-Match}, verifies every signed callback,
 * and reads the final state.
 */
class TicketingSystemStoryTests {

	private static final String SECRET = "servicenow-callback-secret-7f3a9c";

	private final CallbackReceiver servicenow = new CallbackReceiver();

	private PortalProcess portal;

	@AfterEach
	void stop() throws InterruptedException {
		this.servicenow.close();
		if (this.portal != null) {
			this.portal.stop();
		}
	}

	@Test
	void aTicketingSystemDrivesAChangeFromTicketToCommitAndHearsEveryStep() throws Exception {
		this.portal = PortalProcess.start(Files.createTempDirectory("haven-ticketing-"),
				Path.of("target", "ticketing", "portal.log"),
				// the operator allows callbacks to the ticketing system on loopback
				Map.of("HAVEN_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8", "HAVEN_WEBHOOKS_DELIVER_EVERY", "500ms"));
		ApiClient api = new ApiClient(this.portal.base()).withToken();

		Response subscribed = api.post("/api/v1/webhooks", """
				{"url": "%s", "events": ["request.state_changed", "environment.status_changed"], "secret": "%s",
				 "description": "CHG callbacks"}""".formatted(this.servicenow.url("/api/haven/callback"), SECRET));
		assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(201);

		String key = "CHG0031337-" + UUID.randomUUID();
		String change = """
				{"catalogItem": "odoo-dedicated", "environment": "ledger-staging", "team": "finance",
				 "environmentClass": "staging", "region": "eu-west",
				 "parameters": {"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]},
				 "ticket": {"system": "servicenow", "id": "CHG0031337", "url": "https://servicenow.example/CHG0031337"},
				 "onBehalfOf": "alice"}""";
		Response created = api.post("/api/v1/requests", change, "Idempotency-Key", key);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String id = created.json().path("id").asText();
		// the answer was lost on the way: ServiceNow sends the same again
		Response again = api.post("/api/v1/requests", change, "Idempotency-Key", key);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().path("id").asText()).isEqualTo(id);
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(api.get("/api/v1/requests?ticket=CHG0031337").json().path("items")).hasSize(1);

		String etag = created.header("ETag");
		assertThat(api.get("/api/v1/requests/" + id, "If-None-Match", etag).status()).isEqualTo(304);

		// the change advisory board decided in ServiceNow; the decision is carried on the
		// version read
		Response approved = api.post("/api/v1/requests/" + id + "/decisions",
				"{\"decision\": \"APPROVE\", \"comment\": \"CAB 2026-11-27\", \"onBehalfOf\": \"bob\"}",
				"Idempotency-Key", key + "-cab", "If-Match", etag);
		assertThat(approved.status()).as(approved.text()).isEqualTo(200);
		assertThat(api.get("/api/v1/requests/" + id, "If-None-Match", etag).status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> states(id).contains("COMMITTED"));
		List<Received> callbacks = callbacks(id);
		assertThat(callbacks.stream().map((callback) -> callback.json().at("/data/to").asText())).contains("SUBMITTED",
				"PENDING_APPROVAL", "APPROVED", "COMMITTED");
		for (Received callback : callbacks) {
			String signature = callback.header("Haven-Signature");
			String timestamp = signature.substring(2, signature.indexOf(','));
			assertThat(signature.substring(signature.indexOf("v1=") + 3))
				.isEqualTo(WebhookSender.sign(SECRET, timestamp + "." + callback.body()));
			assertThat(callback.json().at("/data/ticket/id").asText()).isEqualTo("CHG0031337");
		}
		assertThat(callbacks.stream().map((callback) -> callback.header("Haven-Delivery")).distinct())
			.hasSize(callbacks.size());

		JsonNode done = api.get("/api/v1/requests/" + id).json();
		assertThat(done.path("state").asText()).isEqualTo("COMMITTED");
		assertThat(done.at("/commit/sha").asText()).hasSize(40);
		JsonNode environment = api.get("/api/v1/environments/finance/ledger-staging").json();
		assertThat(environment.at("/live/status").asText()).isEqualTo("NOT_TRACKED");
		assertThat(api.get("/api/v1/webhooks/" + subscribed.json().path("id").asText() + "/deliveries")
			.json()
			.valueStream()
			.map((delivery) -> delivery.path("state").asText())).contains("DELIVERED");
	}

	private List<String> states(String id) {
		return callbacks(id).stream().map((callback) -> callback.json().at("/data/to").asText()).toList();
	}

	private List<Received> callbacks(String id) {
		return this.servicenow.received()
			.stream()
			.filter((callback) -> "request.state_changed".equals(callback.header("Haven-Event")))
			.filter((callback) -> id.equals(callback.json().at("/data/requestId").asText()))
			.toList();
	}

}
