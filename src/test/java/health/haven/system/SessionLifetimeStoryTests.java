package health.haven.system;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import health.haven.system.PageSession.Page;
import health.haven.test.ApiClient;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session on the pages ends after a while without activity, however often an open page
 * polls, and after its longest lifetime, however active; each end is a sign-out on the
 * audit trail. Shortened here to seconds.
 */
@TestPropertySource(properties = { "haven.sign-in.idle-timeout=4s", "haven.sign-in.session-lifetime=10s" })
class SessionLifetimeStoryTests extends PortalTest {

	@Test
	void anOpenPageThatOnlyPollsDoesNotKeepItsSessionAlive() throws Exception {
		String id = requestStaging("idle-" + System.nanoTime() % 100_000);
		PageSession alice = signedIn("alice", "alice-demo");
		assertThat(alice.get("/requests/" + id).status()).isEqualTo(200);
		// the page only polls, every half second, until its session ends
		AtomicReference<Page> polled = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(6))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> polled.updateAndGet((last) -> alice.poll("/requests/" + id + "/status")).status() != 200);
		// the page's own polls ended it: htmx is told to load the sign-in page whole
		assertThat(polled.get().status()).isEqualTo(204);
		assertThat(polled.get().html()).isEmpty();
		assertThat(alice.get("/catalog").location()).endsWith("/login");
		assertThat(alice.get("/login?expired").html()).contains("You were signed out");
		assertThat(signOuts("alice"))
			.anySatisfy((event) -> assertThat(event.toString()).contains("session ended: no activity for 4 seconds"));
	}

	@Test
	void aSessionEndsAfterItsLongestLifetimeHoweverActive() throws Exception {
		PageSession bob = signedIn("bob", "bob-demo");
		Instant signedIn = Instant.now();
		// used every second until its lifetime is over
		AtomicReference<Page> page = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> page.updateAndGet((last) -> bob.get("/approvals")).status() != 200);
		assertThat(page.get().status()).isEqualTo(302);
		assertThat(page.get().location()).endsWith("/login?expired");
		assertThat(Duration.between(signedIn, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
		assertThat(signOuts("bob")).anySatisfy(
				(event) -> assertThat(event.toString()).contains("session ended: signed in longer than 10 seconds"));
		// a new sign-in starts a new session
		bob.signIn("bob", "bob-demo");
		assertThat(bob.get("/approvals").status()).isEqualTo(200);
	}

	private List<JsonNode> signOuts(String person) {
		ApiClient auditor = api().withToken("audit:read");
		return auditor.get("/api/v1/audit?subject=person/" + person)
			.json()
			.path("items")
			.valueStream()
			.filter((event) -> event.path("action").asText().equals("sign-out"))
			.toList();
	}

	private String requestStaging(String environment) {
		return api().withToken().post("/api/v1/requests", """
				{"catalogItem": "odoo-dedicated", "environment": "%s", "team": "finance",
				 "environmentClass": "staging", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(environment)).json().path("id").asText();
	}

	private PageSession signedIn(String user, String password) {
		PageSession session = new PageSession("http://localhost:" + this.port);
		session.signIn(user, password);
		return session;
	}

}
