package health.haven.api.security;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import health.haven.provisioning.audit.AuditEvent;

/**
 * Puts every sign-in, failed sign-in and sign-out on the audit trail: people with a
 * password on the pages, machine clients at the token endpoint. A bearer token checked on
 * each API call is not a sign-in and is not recorded (the token's issue was).
 */
@Component
class SignInAudit {

	private final ApplicationEventPublisher events;

	private final Clock clock;

	SignInAudit(ApplicationEventPublisher events, Clock clock) {
		this.events = events;
		this.clock = clock;
	}

	@EventListener
	void on(AuthenticationSuccessEvent success) {
		Authentication authentication = success.getAuthentication();
		if (authentication instanceof UsernamePasswordAuthenticationToken) {
			record("sign-in", "person/", authentication, null);
		}
		else if (authentication instanceof OAuth2ClientAuthenticationToken) {
			record("client.authenticated", "client/", authentication, null);
		}
	}

	@EventListener
	void on(AbstractAuthenticationFailureEvent failure) {
		Authentication authentication = failure.getAuthentication();
		String reason = failure.getException().getClass().getSimpleName();
		if (authentication instanceof UsernamePasswordAuthenticationToken) {
			record("sign-in.failed", "person/", authentication, reason);
		}
		else if (authentication instanceof OAuth2ClientAuthenticationToken) {
			record("client.authentication-failed", "client/", authentication, reason);
		}
	}

	@EventListener
	void on(LogoutSuccessEvent logout) {
		record("sign-out", "person/", logout.getAuthentication(), null);
	}

	private void record(String action, String kind, Authentication authentication, String reason) {
		// a name typed into the sign-in form can be anything: what is recorded is bounded
		String name = AuditEvent.bounded(authentication.getName());
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		this.events.publishEvent(new AuditEvent(this.clock.instant(), action, kind + name, name, null,
				AuditEvent.facts("remoteAddress", address, "reason", reason)));
	}

}
