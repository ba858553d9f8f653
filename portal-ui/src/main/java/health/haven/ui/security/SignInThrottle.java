package health.haven.ui.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

import health.haven.provisioning.audit.AuditEvent;

/**
 * Sign-in throttling: after {@code perAccount} failed sign-ins of one account, or
 * {@code perAddress} from one address, within {@code window}, further attempts are
 * refused without checking the password until the window has passed, and the refusal is
 * on the audit trail. A password cannot be guessed without limit, and a person locked out
 * by someone else's guessing is back after the window.
 */
class SignInThrottle {

	// beyond this many tracked accounts or addresses, those with nothing held against
	// them are dropped
	private static final int TRACKED = 10_000;

	private final Map<String, Bucket> accounts = new ConcurrentHashMap<>();

	private final Map<String, Bucket> addresses = new ConcurrentHashMap<>();

	private final int perAccount;

	private final int perAddress;

	private final Duration window;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	SignInThrottle(int perAccount, int perAddress, Duration window, ApplicationEventPublisher events, Clock clock) {
		this.perAccount = perAccount;
		this.perAddress = perAddress;
		this.window = window;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The filter that turns a sign-in away, before its password is checked, while its
	 * account or address is locked.
	 */
	OncePerRequestFilter filter() {
		return new OncePerRequestFilter() {

			@Override
			protected boolean shouldNotFilter(HttpServletRequest request) {
				return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
			}

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				String account = account(request.getParameter("username"));
				String address = request.getRemoteAddr();
				if (exhausted(SignInThrottle.this.accounts.get(account))
						|| exhausted(SignInThrottle.this.addresses.get(address))) {
					SignInThrottle.this.events.publishEvent(new AuditEvent(SignInThrottle.this.clock.instant(),
							"sign-in.throttled", "person/" + account, account.isEmpty() ? "(none)" : account, null,
							AuditEvent.facts("remoteAddress", address, "lockedFor", SignInThrottle.this.window)));
					response.sendRedirect(request.getContextPath() + "/login?locked");
					return;
				}
				chain.doFilter(request, response);
			}

		};
	}

	@EventListener
	void on(AuthenticationFailureBadCredentialsEvent failure) {
		if (failure.getAuthentication() instanceof UsernamePasswordAuthenticationToken token) {
			forget(this.accounts);
			forget(this.addresses);
			this.accounts.computeIfAbsent(account(token.getName()), (key) -> bucket(this.perAccount)).tryConsume(1);
			if (token.getDetails() instanceof WebAuthenticationDetails details) {
				this.addresses.computeIfAbsent(details.getRemoteAddress(), (key) -> bucket(this.perAddress))
					.tryConsume(1);
			}
		}
	}

	@EventListener
	void on(AuthenticationSuccessEvent success) {
		if (success.getAuthentication() instanceof UsernamePasswordAuthenticationToken token) {
			this.accounts.remove(account(token.getName()));
		}
	}

	private void forget(Map<String, Bucket> tracked) {
		if (tracked.size() > TRACKED) {
			tracked.values()
				.removeIf((bucket) -> bucket.getAvailableTokens() >= Math.min(this.perAccount, this.perAddress));
		}
	}

	long lockedMinutes() {
		return Math.max(1, this.window.toMinutes());
	}

	private Bucket bucket(int failures) {
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(failures).refillIntervally(failures, this.window).build())
			.build();
	}

	private static boolean exhausted(Bucket bucket) {
		return bucket != null && bucket.getAvailableTokens() <= 0;
	}

	private static String account(String name) {
		String account = (name != null) ? name.strip().toLowerCase(Locale.ROOT) : "";
		return (account.length() > 64) ? account.substring(0, 64) : account;
	}

}
