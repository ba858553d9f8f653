package health.haven.api.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.PortalTest;
import health.haven.test.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a ticketing system that retries leans on: the same {@code Idempotency-Key} gets
 * the first response and does nothing twice, {@code If-Match} refuses a change made on a
 * stale read, {@code If-None-Match} makes polling cheap, and two decisions at the same
 * moment are taken one after the other.
 */
class RetriesAndPreconditionsIntegrationTests extends PortalTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	PasswordEncoder passwordEncoder;

	@BeforeEach
	void registerSecondClient() {
		TestClients.registerFinanceDesk(this.clients, this.passwordEncoder);
	}

	@Test
	void theSameKeyAndBodyGetTheFirstResponseAndCreateOneRequest() {
		ApiClient api = api().withToken();
		String ticket = "IDEM-" + UUID.randomUUID().toString().substring(0, 8);
		String key = UUID.randomUUID().toString();
		String body = body("idem-" + ticket.substring(5).toLowerCase(), ticket);
		Response first = api.post("/api/v1/requests", body, "Idempotency-Key", key);
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isNull();

		// the same body, its members in another order and spaced otherwise
		String reordered = body.replace("\"environmentClass\": \"staging\",", "")
			.replace("{\"catalogItem\"", "{  \"environmentClass\":\"staging\", \"catalogItem\"");
		Response again = api.post("/api/v1/requests", reordered, "Idempotency-Key", key);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
		assertThat(again.header("Location")).isEqualTo(first.header("Location"));
		assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
		assertThat(again.text()).isEqualTo(first.text());
		assertThat(RequestListAndScopeIntegrationTests.ids(api.get("/api/v1/requests?ticket=" + ticket))).hasSize(1);

		// kept in PostgreSQL with the client's id
		assertThat(this.jdbc.queryForObject(
				"select response_status from idempotency_key where client_id = 'ticketing-demo' and idempotency_key = ?",
				Integer.class, key))
			.isEqualTo(201);

		Response otherBody = api.post("/api/v1/requests", body.replace("staging", "dev"), "Idempotency-Key", key);
		assertThat(otherBody.status()).isEqualTo(422);
		assertThat(otherBody.json().path("type").asText()).isEqualTo("urn:haven:problem:idempotency-key-reused");
		assertThat(RequestListAndScopeIntegrationTests.ids(api.get("/api/v1/requests?ticket=" + ticket))).hasSize(1);

		// keys are per client: another client's same key is another request
		ApiClient desk = api().as(TestClients.FINANCE_DESK, TestClients.FINANCE_DESK_SECRET).withToken();
		Response deskFirst = desk.post("/api/v1/requests", body("idem2-" + ticket.substring(5).toLowerCase(), ticket),
				"Idempotency-Key", key);
		assertThat(deskFirst.status()).isEqualTo(201);
		assertThat(deskFirst.json().path("id").asText()).isNotEqualTo(first.json().path("id").asText());
	}

	@Test
	void concurrentRetriesWithOneKeyMakeOneRequest() throws Exception {
		ApiClient api = api().withToken();
		String ticket = "IDEMC-" + UUID.randomUUID().toString().substring(0, 8);
		String key = UUID.randomUUID().toString();
		String body = body("idemc-" + ticket.substring(6).toLowerCase(), ticket);
		int clients = 8;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Response>> sent = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				sent.add(pool.submit(() -> {
					start.await();
					return api.post("/api/v1/requests", body, "Idempotency-Key", key);
				}));
			}
			start.countDown();
			Set<String> ids = new java.util.HashSet<>();
			for (Future<Response> response : sent) {
				Response answer = response.get();
				assertThat(answer.status()).as(answer.text()).isEqualTo(201);
				ids.add(answer.json().path("id").asText());
			}
			assertThat(ids).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(RequestListAndScopeIntegrationTests.ids(api.get("/api/v1/requests?ticket=" + ticket))).hasSize(1);
	}

	@Test
	void aRefusedRequestKeepsNothingSoTheCorrectedOneMayUseTheSameKey() {
		ApiClient api = api().withToken();
		String ticket = "IDEMF-" + UUID.randomUUID().toString().substring(0, 8);
		String key = UUID.randomUUID().toString();
		String body = body("idemf-" + ticket.substring(6).toLowerCase(), ticket);
		Response refused = api.post("/api/v1/requests", body.replace("eu-west", "mars"), "Idempotency-Key", key);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(this.jdbc.queryForObject("select count(*) from idempotency_key where idempotency_key = ?",
				Integer.class, key))
			.isZero();
		assertThat(api.post("/api/v1/requests", body, "Idempotency-Key", key).status()).isEqualTo(201);

		Response badKey = api.post("/api/v1/requests", body, "Idempotency-Key", "k".repeat(256));
		assertThat(badKey.status()).isEqualTo(400);
		assertThat(badKey.json().path("type").asText()).isEqualTo("urn:haven:problem:invalid-idempotency-key");
	}

	@Test
	void aDecisionSentTwiceWithItsKeyCountsOnce() {
		ApiClient api = api().withToken();
		String ticket = "IDEMD-" + UUID.randomUUID().toString().substring(0, 8);
		String id = api.post("/api/v1/requests", body("idemd-" + ticket.substring(6).toLowerCase(), ticket))
			.json()
			.path("id")
			.asText();
		String key = UUID.randomUUID().toString();
		String approve = "{\"decision\": \"APPROVE\", \"comment\": \"fine\", \"onBehalfOf\": \"bob\"}";
		Response first = api.post("/api/v1/requests/" + id + "/decisions", approve, "Idempotency-Key", key);
		assertThat(first.status()).isEqualTo(200);
		Response again = api.post("/api/v1/requests/" + id + "/decisions", approve, "Idempotency-Key", key);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		// without the key, the same decision again is what it is: a second one, refused
		assertThat(api.post("/api/v1/requests/" + id + "/decisions", approve).status()).isEqualTo(409);
		assertThat(api.get("/api/v1/requests/" + id).json().at("/approvals/decisions").size()).isEqualTo(1);
	}

	@Test
	void aChangeMadeOnAStaleReadIsRefusedAndPollingIsCheap() {
		ApiClient api = api().withToken();
		String ticket = "PRE-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = api.post("/api/v1/requests", body("pre-" + ticket.substring(4).toLowerCase(), ticket));
		String id = created.json().path("id").asText();
		Response read = api.get("/api/v1/requests/" + id);
		String etag = read.header("ETag");
		assertThat(etag).matches("\"\\d+\"");
		// the answer to the POST names the version stored, not one before it
		assertThat(created.header("ETag")).isEqualTo(etag);
		Response unchanged = api.get("/api/v1/requests/" + id, "If-None-Match", etag);
		assertThat(unchanged.status()).isEqualTo(304);
		assertThat(unchanged.text()).isEmpty();

		// someone else changes it meanwhile
		assertThat(api.post("/api/v1/requests/" + id + "/cancel", "{\"onBehalfOf\": \"alice\"}", "If-Match", etag)
			.status()).isEqualTo(200);
		Response stale = api.post("/api/v1/requests/" + id + "/decisions",
				"{\"decision\": \"APPROVE\", \"onBehalfOf\": \"bob\"}", "If-Match", etag);
		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.json().path("type").asText()).isEqualTo("urn:haven:problem:stale-version");
		assertThat(api.post("/api/v1/requests/" + id + "/cancel", "{\"onBehalfOf\": \"alice\"}", "If-Match", "W/\"1\"")
			.status()).isEqualTo(412);
		Response changed = api.get("/api/v1/requests/" + id, "If-None-Match", etag);
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.header("ETag")).isNotEqualTo(etag);
		assertThat(changed.json().path("state").asText()).isEqualTo("CANCELLED");
	}

	@Test
	void twoClientsDecidingAtTheSameMomentOneWinsTheOtherGetsAConflict() throws Exception {
		ApiClient api = api().withToken();
		ApiClient other = api().withToken();
		for (int round = 0; round < 5; round++) {
			String ticket = "RACE-" + UUID.randomUUID().toString().substring(0, 8);
			String id = api.post("/api/v1/requests", body("race-" + ticket.substring(5).toLowerCase(), ticket))
				.json()
				.path("id")
				.asText();
			ExecutorService pool = Executors.newFixedThreadPool(2);
			try {
				CountDownLatch start = new CountDownLatch(1);
				Future<Response> approve = pool.submit(() -> {
					start.await();
					return api.post("/api/v1/requests/" + id + "/decisions",
							"{\"decision\": \"APPROVE\", \"onBehalfOf\": \"bob\"}");
				});
				Future<Response> reject = pool.submit(() -> {
					start.await();
					return other.post("/api/v1/requests/" + id + "/decisions",
							"{\"decision\": \"REJECT\", \"comment\": \"no\", \"onBehalfOf\": \"erin\"}");
				});
				start.countDown();
				List<Integer> statuses = List.of(approve.get().status(), reject.get().status());
				assertThat(statuses).containsExactlyInAnyOrder(200, 409);
				String state = api.get("/api/v1/requests/" + id).json().path("state").asText();
				String expected = (approve.get().status() == 200) ? "APPROVED|COMMITTED" : "REJECTED";
				assertThat(state).matches(expected);
				assertThat(api.get("/api/v1/requests/" + id).json().at("/approvals/decisions").size()).isEqualTo(1);
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	private static String body(String environment, String ticket) {
		return """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance", "environmentClass": "staging", "region": "eu-west", "parameters": {"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]}, "ticket": {"system": "servicenow", "id": "%s"}, "onBehalfOf": "alice"}"""
			.formatted(environment, ticket);
	}

}
