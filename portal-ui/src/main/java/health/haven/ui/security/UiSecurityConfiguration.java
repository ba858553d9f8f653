package health.haven.ui.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.ConditionalOnOAuth2ClientRegistrationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;

/**
 * The browser's security: single sign-on through the organisation's OpenID Connect
 * provider (authorization code with PKCE, roles and teams from its groups, sign-out at
 * the provider too) and local accounts for a first run; a session cookie, CSRF tokens on
 * every form.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ DirectoryMapping.class, OAuth2ClientProperties.class })
class UiSecurityConfiguration {

	@Bean
	@Order(10)
	SecurityFilterChain pagesChain(HttpSecurity http, SignInThrottle throttle, SignInOptions options,
			ObjectProvider<ProviderRegistrations> registrations, DirectoryMapping mapping, People people,
			ApplicationEventPublisher events, Clock clock,
			@Value("${haven.sign-in.idle-timeout:30m}") Duration idleTimeout,
			@Value("${haven.sign-in.session-lifetime:10h}") Duration sessionLifetime) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico", "/error")
					.permitAll()
					.requestMatchers("/audit", "/audit/**", "/requests/*/evidence")
					.hasAnyRole("AUDITOR", "PLATFORM_ADMIN")
					.anyRequest()
					.authenticated())
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
			// the content security policy names the provider's origins once known;
			// HSTS and nosniff are Spring Security's defaults, HSTS on TLS only
			.headers((headers) -> headers
				.addHeaderWriter((request, response) -> response.setHeader("Content-Security-Policy",
						contentSecurityPolicy(registrations.getIfAvailable())))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.permissionsPolicyHeader(
						(permissions) -> permissions.policy("camera=(), microphone=(), geolocation=()")))
			.csrf(Customizer.withDefaults())
			.addFilterAfter(new SessionLifetime(idleTimeout, sessionLifetime, events, clock),
					SecurityContextHolderFilter.class);
		if (options.localAccounts()) {
			http.addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class)
				.formLogin((login) -> login.loginPage("/login").defaultSuccessUrl("/", false).permitAll());
		}
		if (options.hasProvider()) {
			ProviderRegistrations repository = registrations.getObject();
			// a provider that is away: the sign-in page says so, instead of an error
			http.addFilterBefore(repository.whileAway("/login?providerAway"),
					OAuth2AuthorizationRequestRedirectFilter.class);
			DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
					repository, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
			// authorization code with PKCE, also for a confidential client
			resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
			DirectorySignInService directory = new DirectorySignInService(mapping, people, events, clock);
			http.oauth2Login((login) -> login.loginPage("/login")
				.authorizationEndpoint((authorization) -> authorization.authorizationRequestResolver(resolver))
				.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(directory))
				.defaultSuccessUrl("/", false));
			OidcClientInitiatedLogoutSuccessHandler providerLogout = new OidcClientInitiatedLogoutSuccessHandler(
					repository);
			providerLogout.setPostLogoutRedirectUri("{baseUrl}/login?logout");
			http.logout((logout) -> logout.logoutSuccessHandler(providerLogout));
		}
		else {
			http.logout((logout) -> logout.logoutSuccessUrl("/login?logout"));
		}
		return http.build();
	}

	/**
	 * The identity provider's registrations, discovered from its issuer when first needed
	 * (see {@link ProviderRegistrations}): Spring Boot's own repository, which asks the
	 * provider while the portal starts, backs off.
	 */
	@Bean
	@ConditionalOnOAuth2ClientRegistrationProperties
	ProviderRegistrations clientRegistrationRepository(OAuth2ClientProperties properties, Clock clock) {
		return new ProviderRegistrations(properties, clock);
	}

	/**
	 * The identity provider, when one is registered for signing in
	 * ({@code HAVEN_OIDC_ISSUER_URI}, see the README), and whether local passwords stay
	 * beside it ({@code haven.identity.local-accounts}).
	 */
	@Bean
	SignInOptions signInOptions(OAuth2ClientProperties client, DirectoryMapping mapping) {
		for (Map.Entry<String, OAuth2ClientProperties.Registration> registration : client.getRegistration()
			.entrySet()) {
			String grant = registration.getValue().getAuthorizationGrantType();
			if (grant == null || AuthorizationGrantType.AUTHORIZATION_CODE.getValue().equals(grant)) {
				String name = registration.getValue().getClientName();
				return new SignInOptions(registration.getKey(), (name != null) ? name : registration.getKey(),
						mapping.localAccountsWith(true));
			}
		}
		return new SignInOptions(null, null, mapping.localAccountsWith(false));
	}

	/**
	 * No inline script or style anywhere (htmx's indicator styles are off, see the
	 * layout); forms lead to the portal, and to the identity provider, whose session
	 * signing out ends.
	 */
	private static String contentSecurityPolicy(ProviderRegistrations provider) {
		String origins = (provider != null)
				? provider.origins().stream().map((origin) -> " " + origin).collect(Collectors.joining()) : "";
		return "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
				+ "frame-ancestors 'none'; form-action 'self'" + origins;
	}

	/**
	 * Sign-in throttling: {@code haven.sign-in.max-failures-per-account} (5) or
	 * {@code max-failures-per-address} (20) failures within {@code lock-for} (15 minutes)
	 * lock the account or the address for that long.
	 */
	@Bean
	SignInThrottle signInThrottle(@Value("${haven.sign-in.max-failures-per-account:5}") int perAccount,
			@Value("${haven.sign-in.max-failures-per-address:20}") int perAddress,
			@Value("${haven.sign-in.lock-for:15m}") Duration lockFor, ApplicationEventPublisher events, Clock clock) {
		return new SignInThrottle(perAccount, perAddress, lockFor, events, clock);
	}

	@Bean
	UserDetailsService localAccounts(People people, SignInOptions options) {
		return (username) -> people.find(username)
			.filter((person) -> options.localAccounts() && person.getPasswordHash() != null)
			.map(UiSecurityConfiguration::toUser)
			.orElseThrow(() -> new UsernameNotFoundException("No local account " + username));
	}

	private static org.springframework.security.core.userdetails.UserDetails toUser(Person person) {
		return User.withUsername(person.getUsername())
			.password(person.getPasswordHash())
			.disabled(!person.isActive())
			.roles(person.getRoles().stream().map(Enum::name).toArray(String[]::new))
			.build();
	}

}
