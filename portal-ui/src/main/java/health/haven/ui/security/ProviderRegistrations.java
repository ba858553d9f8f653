package health.haven.ui.security;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The identity provider's client registrations, as Spring Boot's properties describe
 * them, discovered from the provider's issuer when first needed instead of at start-up.
 * Boot's own repository asks the issuer while the portal starts, so a provider that is
 * away kept the whole portal (its API, its local accounts, its writer) from starting.
 * Here the portal starts; sign-in through the provider works as soon as it answers. A
 * discovery that failed is tried again on the next sign-in, at most every
 * {@link #RETRY_AFTER}.
 */
final class ProviderRegistrations implements ClientRegistrationRepository, Iterable<ClientRegistration> {

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(ProviderRegistrations.class);

	private final OAuth2ClientProperties properties;

	private final Clock clock;

	private volatile Map<String, ClientRegistration> discovered;

	private Instant lastTried;

	ProviderRegistrations(OAuth2ClientProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		Map<String, ClientRegistration> registrations = discover();
		return (registrations != null) ? registrations.get(registrationId) : null;
	}

	@Override
	public Iterator<ClientRegistration> iterator() {
		Map<String, ClientRegistration> registrations = discover();
		return (registrations != null) ? registrations.values().iterator() : Collections.emptyIterator();
	}

	/**
	 * Whether the provider's settings are known, discovering them now if they are not and
	 * the last attempt is long enough ago.
	 */
	boolean available() {
		return discover() != null;
	}

	/**
	 * The origins ({@code https://idp.example.org}) the pages may send a browser to for
	 * the provider: its issuer's, and once discovered those of its sign-in and sign-out
	 * endpoints.
	 */
	Set<String> origins() {
		Set<String> origins = new LinkedHashSet<>();
		this.properties.getProvider().values().forEach((provider) -> {
			addOrigin(origins, provider.getIssuerUri());
			addOrigin(origins, provider.getAuthorizationUri());
		});
		Map<String, ClientRegistration> registrations = this.discovered;
		if (registrations != null) {
			registrations.values().forEach((registration) -> {
				addOrigin(origins, registration.getProviderDetails().getAuthorizationUri());
				Object endSession = registration.getProviderDetails()
					.getConfigurationMetadata()
					.get("end_session_endpoint");
				addOrigin(origins, (endSession != null) ? endSession.toString() : null);
			});
		}
		return origins;
	}

	/**
	 * A filter that sends a browser starting the provider's sign-in back to the given
	 * page while the provider's settings cannot be discovered, instead of an error.
	 */
	Filter whileAway(String page) {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (request.getRequestURI()
					.startsWith(request.getContextPath()
							+ OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/")
						&& !available()) {
					response.sendRedirect(request.getContextPath() + page);
					return;
				}
				chain.doFilter(request, response);
			}

		};
	}

	private Map<String, ClientRegistration> discover() {
		Map<String, ClientRegistration> registrations = this.discovered;
		if (registrations != null) {
			return registrations;
		}
		synchronized (this) {
			if (this.discovered != null) {
				return this.discovered;
			}
			Instant now = this.clock.instant();
			if (this.lastTried != null && now.isBefore(this.lastTried.plus(RETRY_AFTER))) {
				return null;
			}
			this.lastTried = now;
			try {
				this.discovered = Map.copyOf(new OAuth2ClientPropertiesMapper(this.properties).asClientRegistrations());
				logger.info("The identity provider's settings are known: sign-in through it is open");
				return this.discovered;
			}
			catch (RuntimeException ex) {
				logger.warn("The identity provider cannot be reached for its settings, so sign-in through it "
						+ "waits until it answers: {}", ex.getMessage());
				return null;
			}
		}
	}

	private static void addOrigin(Set<String> origins, String uri) {
		if (uri == null || uri.isBlank()) {
			return;
		}
		URI parsed = URI.create(uri);
		if (parsed.getScheme() != null && parsed.getRawAuthority() != null) {
			origins.add(parsed.getScheme() + "://" + parsed.getRawAuthority());
		}
	}

}
