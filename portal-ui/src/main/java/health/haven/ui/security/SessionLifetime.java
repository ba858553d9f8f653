package health.haven.ui.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import health.haven.provisioning.audit.AuditEvent;

/**
 * Ends a session on the pages that was idle, or signed in, for too long.
 *
 * <p>
 * The pages poll while a request or an environment is open (htmx, every few seconds),
 * which keeps the servlet container's session alive for as long as a tab stays open: an
 * approver's session on a shared workstation would never end. Those polls do not count as
 * activity here. The lifetime since sign-in also bounds how long a change in the
 * directory (a role or a team taken away) waits for the person's next sign-in, where it
 * is read. The end is on the audit trail as a sign-out with its reason.
 */
final class SessionLifetime extends OncePerRequestFilter {

	static final String SIGNED_IN_AT = SessionLifetime.class.getName() + ".signedInAt";

	static final String ACTIVE_AT = SessionLifetime.class.getName() + ".activeAt";

	private final Duration idle;

	private final Duration lifetime;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	SessionLifetime(Duration idle, Duration lifetime, ApplicationEventPublisher events, Clock clock) {
		this.idle = idle;
		this.lifetime = lifetime;
		this.events = events;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
		if (session == null || signedIn == null || !signedIn.isAuthenticated()
				|| signedIn instanceof AnonymousAuthenticationToken) {
			chain.doFilter(request, response);
			return;
		}
		Instant now = this.clock.instant();
		Instant signedInAt = (Instant) session.getAttribute(SIGNED_IN_AT);
		Instant activeAt = (Instant) session.getAttribute(ACTIVE_AT);
		String ended = null;
		if (signedInAt == null || activeAt == null) {
			// the first request of the session (a sign-in gets a new one)
			session.setAttribute(SIGNED_IN_AT, now);
			session.setAttribute(ACTIVE_AT, now);
		}
		else if (now.isAfter(signedInAt.plus(this.lifetime))) {
			ended = "signed in longer than " + words(this.lifetime);
		}
		else if (now.isAfter(activeAt.plus(this.idle))) {
			ended = "no activity for " + words(this.idle);
		}
		else if (!isPoll(request)) {
			session.setAttribute(ACTIVE_AT, now);
		}
		if (ended == null) {
			chain.doFilter(request, response);
			return;
		}
		session.invalidate();
		SecurityContextHolder.clearContext();
		String name = AuditEvent.bounded(signedIn.getName());
		this.events.publishEvent(new AuditEvent(now, "sign-out", "person/" + name, name, null,
				AuditEvent.facts("reason", "session ended: " + ended)));
		String login = request.getContextPath() + "/login?expired";
		if (isPoll(request)) {
			// htmx follows this with a whole page, instead of swapping the sign-in page
			// into a part of one
			response.setHeader("HX-Redirect", login);
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
		}
		else {
			response.sendRedirect(login);
		}
	}

	private static String words(Duration duration) {
		if (duration.toMinutes() == 0) {
			return duration.toSeconds() + " seconds";
		}
		return (duration.toMinutesPart() == 0 && duration.toHours() > 0) ? duration.toHours() + " hours"
				: duration.toMinutes() + " minutes";
	}

	/**
	 * A page's own update while it is open (htmx sends {@code HX-Request}), not a
	 * person's doing.
	 */
	private static boolean isPoll(HttpServletRequest request) {
		return "GET".equals(request.getMethod()) && "true".equals(request.getHeader("HX-Request"));
	}

}
