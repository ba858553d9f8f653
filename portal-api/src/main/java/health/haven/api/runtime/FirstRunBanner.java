package health.haven.api.runtime;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import health.haven.api.security.Scopes;

/**
 * Tells whoever started the portal where it is, and which demo accounts there are.
 */
@Component
class FirstRunBanner {

	private final Environment environment;

	private final DemoAccounts demo;

	FirstRunBanner(Environment environment, DemoAccounts demo) {
		this.environment = environment;
		this.demo = demo;
	}

	@EventListener
	void on(ApplicationReadyEvent ready) {
		String port = this.environment.getProperty("local.server.port", "8080");
		StringBuilder text = new StringBuilder("\n\n  Haven is ready at http://localhost:" + port + "/\n");
		if (this.demo.enabled()) {
			text.append("""

					  Demo accounts (password = <name>-demo):
					    alice  REQUESTER (team finance)
					    bob    APPROVER
					    erin   APPROVER
					    carol  SECURITY_REVIEWER
					    dave   PLATFORM_ADMIN
					    frank  AUDITOR
					  API client: ticketing-demo / ticketing-demo-secret
					    (scopes %s;
					     POST /oauth2/token; the API is described at /swagger-ui.html)
					""".formatted(String.join(" ", Scopes.DEMO_CLIENT)));
		}
		System.out.println(text);
	}

}
