package health.haven.api.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import health.haven.test.PageSession;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password cannot be guessed without limit: after a few failures an account is locked
 * for a while, and so is an address that tries many accounts; each refusal is on the
 * audit trail.
 */
class SignInThrottleIntegrationTests extends PortalTest {

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void tightLimits(DynamicPropertyRegistry registry) {
		registry.add("haven.sign-in.max-failures-per-account", () -> "3");
		registry.add("haven.sign-in.max-failures-per-address", () -> "7");
	}

	@Test
	void anAccountAndThenAnAddressAreLockedAfterRepeatedFailures() {
		String base = "http://localhost:" + this.port;
		for (int i = 0; i < 3; i++) {
			assertThat(new PageSession(base).signIn("carol", "guess-" + i)).endsWith("/login?error");
		}
		// now even the right password is not checked
		assertThat(new PageSession(base).signIn("carol", "carol-demo")).endsWith("/login?locked");
		PageSession page = new PageSession(base);
		page.signIn("carol", "carol-demo");
		assertThat(page.get("/login?locked").text()).contains("sign-in is locked for 15 minutes");
		// another account from this address still signs in
		assertThat(new PageSession(base).signIn("erin", "erin-demo")).doesNotContain("/login");

		// trying many accounts from one address locks the address
		for (String name : List.of("x1", "x2", "x3", "x4")) {
			new PageSession(base).signIn(name, "nope");
		}
		assertThat(new PageSession(base).signIn("erin", "erin-demo")).endsWith("/login?locked");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where action = 'sign-in.throttled' and subject = 'person/carol'",
				Long.class))
			.isGreaterThanOrEqualTo(2);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where action = 'sign-in.throttled' and subject = 'person/erin'",
				Long.class))
			.isEqualTo(1);
	}

}
