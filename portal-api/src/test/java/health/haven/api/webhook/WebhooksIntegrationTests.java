package health.haven.api.webhook;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import health.haven.provisioning.people.People;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.CallbackReceiver;
import health.haven.test.CallbackReceiver.Received;
import health.haven.test.PortalTest;
import health.haven.test.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Callbacks to a real receiver on loopback: signed, retried with backoff when the
 * receiver fails, only about the teams the client serves, never to an internal address an
 * administrator did not allow, and the secret never shown again.
 */
class WebhooksIntegrationTests extends PortalTest {

	private static final String SECRET = "whsec-" + "s3cr3t-for-tests-only-0123456789";

	@Autowired
	WebhookSender sender;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	People people;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	PasswordEncoder passwordEncoder;

	private CallbackReceiver receiver;

	@BeforeEach
	void receiver() {
		this.receiver = new CallbackReceiver();
		TestClients.registerFinanceDesk(this.clients, this.passwordEncoder);
		TestClients.createPaula(this.people);
	}

	@AfterEach
	void close() {
		this.receiver.close();
	}

	@Test
	void aSubscriptionReceivesSignedCallbacksAndNeverShowsItsSecretAgain() {
		ApiClient api = api().withToken();
		String path = "/servicenow/" + UUID.randomUUID();
		Response subscribed = subscribe(api, this.receiver.url(path), "request.state_changed");
		assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(201);
		String id = subscribed.json().path("id").asText();
		assertThat(subscribed.header("Location")).endsWith("/api/v1/webhooks/" + id);
		assertThat(subscribed.text()).doesNotContain(SECRET).doesNotContain("secret");
		assertThat(api.get("/api/v1/webhooks").text()).contains(id).doesNotContain(SECRET);
		assertThat(this.jdbc.queryForObject("select secret_encrypted from webhook_subscription where id = ?::uuid",
				String.class, id))
			.startsWith("v1:")
			.doesNotContain(SECRET);

		String request = create(api, "finance", "hook-" + id.substring(0, 6), "alice");
		await().atMost(Duration.ofSeconds(20)).until(() -> callbacks(path).size() >= 2);
		List<Received> callbacks = callbacks(path);
		for (Received callback : callbacks) {
			assertThat(callback.header("Content-Type")).isEqualTo("application/json");
			assertThat(callback.header("Haven-Event")).isEqualTo("request.state_changed");
			assertThat(callback.header("Haven-Delivery")).isNotBlank();
			assertSigned(callback);
			assertThat(callback.json().at("/data/requestId").asText()).isEqualTo(request);
			assertThat(callback.json().at("/data/team").asText()).isEqualTo("finance");
			assertThat(callback.json().at("/data/ticket/id").asText()).isEqualTo("CHG-HOOK");
		}
		assertThat(callbacks.stream().map((callback) -> callback.json().at("/data/to").asText())).contains("SUBMITTED",
				"PENDING_APPROVAL");

		JsonNode log = api.get("/api/v1/webhooks/" + id + "/deliveries").json();
		assertThat(log.valueStream().map((delivery) -> delivery.path("state").asText())).contains("DELIVERED");
		assertThat(log.get(0).path("lastStatus").asInt()).isEqualTo(204);
	}

	@Test
	void aFailingReceiverIsTriedAgainWithABackoffThatGrows() {
		ApiClient api = api().withToken();
		String path = "/flaky/" + UUID.randomUUID();
		this.receiver.answer(503);
		String id = subscribe(api, this.receiver.url(path), "request.state_changed").json().path("id").asText();
		create(api, "finance", "flaky-" + id.substring(0, 6), "alice");
		await().atMost(Duration.ofSeconds(20)).until(() -> attemptsOf(id) >= 1 && callbacks(path).size() >= 1);
		JsonNode first = api.get("/api/v1/webhooks/" + id + "/deliveries").json().get(1);
		assertThat(first.path("state").asText()).isEqualTo("PENDING");
		assertThat(first.path("lastStatus").asInt()).isEqualTo(503);
		assertThat(first.path("lastError").asText()).isEqualTo("The receiver answered 503");
		// due again now rather than after the backoff: the job needs no sleeping test
		this.jdbc.update("update webhook_delivery set next_attempt_at = now() where subscription_id = ?::uuid "
				+ "and state = 'PENDING'", id);
		this.sender.deliverDue();
		assertThat(this.jdbc.queryForObject(
				"select max(attempts) from webhook_delivery where subscription_id = ?::uuid", Integer.class, id))
			.isEqualTo(2);
		assertThat(
				this.jdbc.queryForObject(
						"select min(extract(epoch from next_attempt_at - now())) "
								+ "from webhook_delivery where subscription_id = ?::uuid and attempts = 2",
						Double.class, id))
			.isBetween(12.0, 21.0);

		this.receiver.answer(200);
		this.jdbc.update("update webhook_delivery set next_attempt_at = now() where subscription_id = ?::uuid "
				+ "and state = 'PENDING'", id);
		this.sender.deliverDue();
		assertThat(api.get("/api/v1/webhooks/" + id + "/deliveries")
			.json()
			.valueStream()
			.map((delivery) -> delivery.path("state").asText())).containsOnly("DELIVERED");
		// the same delivery may come again; its id lets the receiver drop the repeat
		assertThat(callbacks(path).stream().map((callback) -> callback.header("Haven-Delivery")).distinct()).hasSize(2);
	}

	@Test
	void aClientHearsOnlyAboutTheTeamsItServes() {
		ApiClient desk = api().as(TestClients.FINANCE_DESK, TestClients.FINANCE_DESK_SECRET).withToken();
		String path = "/desk/" + UUID.randomUUID();
		String id = subscribe(desk, this.receiver.url(path), "request.state_changed").json().path("id").asText();
		ApiClient api = api().withToken();
		String procurement = create(api, "procurement", "scope-" + id.substring(0, 6), "paula");
		String finance = create(api, "finance", "scope-" + id.substring(0, 6), "alice");
		await().atMost(Duration.ofSeconds(20)).until(() -> callbacks(path).size() >= 2);
		assertThat(callbacks(path).stream().map((callback) -> callback.json().at("/data/requestId").asText()))
			.contains(finance)
			.doesNotContain(procurement);
		// and another client's subscription does not exist for it
		String other = subscribe(api, this.receiver.url("/other"), "environment.status_changed").json()
			.path("id")
			.asText();
		assertThat(desk.get("/api/v1/webhooks/" + other).status()).isEqualTo(404);
		assertThat(desk.delete("/api/v1/webhooks/" + other).status()).isEqualTo(404);
		assertThat(api.delete("/api/v1/webhooks/" + other).status()).isEqualTo(204);
		assertThat(api.get("/api/v1/webhooks/" + other).status()).isEqualTo(404);
	}

	@Test
	void refusesCallbacksIntoTheClusterOrTheOrganisationsNetwork() {
		ApiClient api = api().withToken();
		for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.7/hook",
				"http://192.168.1.1/", "http://[::ffff:10.0.0.1]/", "http://[fd00::1]/", "ftp://example.org/",
				"http://user:pass@example.org/", "not a url")) {
			Response refused = subscribe(api, url, "request.state_changed");
			assertThat(refused.status()).as(url).isEqualTo(400);
			assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("url");
		}
		Response events = subscribe(api, this.receiver.url("/x"), "request.created");
		assertThat(events.json().at("/errors/0/field").asText()).isEqualTo("events");
		Response weak = api.post("/api/v1/webhooks", """
				{"url": "%s", "events": ["request.state_changed"], "secret": "short"}"""
			.formatted(this.receiver.url("/x")));
		assertThat(weak.json().at("/errors/0/field").asText()).isEqualTo("secret");
		// a client without the scope manages no subscriptions
		assertThat(api().withToken("requests:read").get("/api/v1/webhooks").status()).isEqualTo(403);
	}

	private Response subscribe(ApiClient api, String url, String event) {
		return api.post("/api/v1/webhooks", """
				{"url": "%s", "events": ["%s"], "secret": "%s", "description": "ServiceNow change callbacks"}"""
			.formatted(url, event, SECRET));
	}

	private static String create(ApiClient api, String team, String environment, String onBehalfOf) {
		Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "%s", "environmentClass": "staging",
				 "region": "eu-west", "parameters": {"odooVersion": "17.0"},
				 "ticket": {"system": "servicenow", "id": "CHG-HOOK"}, "onBehalfOf": "%s"}""".formatted(environment,
				team, onBehalfOf));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private List<Received> callbacks(String path) {
		return this.receiver.received().stream().filter((callback) -> callback.path().equals(path)).toList();
	}

	private int attemptsOf(String subscription) {
		Integer attempts = this.jdbc.queryForObject(
				"select max(attempts) from webhook_delivery where subscription_id = ?::uuid", Integer.class,
				subscription);
		return (attempts != null) ? attempts : 0;
	}

	static void assertSigned(Received callback) {
		String signature = callback.header("Haven-Signature");
		assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
		String timestamp = signature.substring(2, signature.indexOf(','));
		assertThat(signature.substring(signature.indexOf("v1=") + 3))
			.isEqualTo(WebhookSender.sign(SECRET, timestamp + "." + callback.body()));
	}

}
