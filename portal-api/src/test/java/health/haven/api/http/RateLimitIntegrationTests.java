package health.haven.api.http;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.PortalTest;
import health.haven.test.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each client's rate limit, through HTTP: a client over its burst is answered 429 with
 * Retry-After; another client is not slowed by it.
 */
class RateLimitIntegrationTests extends PortalTest {

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	PasswordEncoder passwordEncoder;

	@DynamicPropertySource
	static void smallLimit(DynamicPropertyRegistry registry) {
		registry.add("haven.api.rate-limit.requests-per-second", () -> "1");
		registry.add("haven.api.rate-limit.burst", () -> "5");
	}

	@BeforeEach
	void secondClient() {
		TestClients.registerFinanceDesk(this.clients, this.passwordEncoder);
	}

	@Test
	void aClientOverItsBurstIsToldWhenToComeBackAndOthersGoOn() {
		ApiClient api = api().withToken();
		List<Response> answers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			answers.add(api.get("/api/v1/catalog"));
		}
		assertThat(answers.subList(0, 5)).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		Response limited = answers.get(7);
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.json().path("type").asText()).isEqualTo("urn:haven:problem:rate-limited");
		assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
		assertThat(limited.header("RateLimit-Limit")).isEqualTo("5");

		ApiClient desk = api().as(TestClients.FINANCE_DESK, TestClients.FINANCE_DESK_SECRET).withToken();
		assertThat(desk.get("/api/v1/catalog").status()).isEqualTo(200);
		assertThat(desk.get("/api/v1/catalog").header("RateLimit-Remaining")).isEqualTo("3");
	}

}
