package health.haven.ui.security;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
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

import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;

/**
 * The browser's security: single sign-on through the organisation's OpenID Connect
 * provider (authorization code with PKCE, roles and teams from its groups, sign-out at
 * the provider too) and local accounts for a first run; a session cookie, CSRF tokens on
 * every form.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DirectoryMapping.class)
class UiSecurityConfiguration {

	@Bean
	@Order(10)
	SecurityFilterChain pagesChain(HttpSecurity http, SignInThrottle throttle, SignInOptions options,
			ObjectProvider<ClientRegistrationRepository> registrations, DirectoryMapping mapping, People people,
			ApplicationEventPublisher events, Clock clock) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico", "/error")
					.permitAll()
					.requestMatchers("/audit", "/audit/**", "/requests/*/evidence")
					.hasAnyRole("AUDITOR", "PLATFORM_ADMIN")
					.anyRequest()
					.authenticated())
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
			// no inline script or style anywhere (htmx's indicator styles are off, see
			// the layout); HSTS and nosniff are Spring Security's defaults, HSTS on TLS
			// only. Signing out may lead to the identity provider, which ends its
			// session.
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
						+ "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
						+ ((options.providerOrigin() != null) ? " " + options.providerOrigin() : "")))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.permissionsPolicyHeader(
						(permissions) -> permissions.policy("camera=(), microphone=(), geolocation=()")))
			.csrf(Customizer.withDefaults());
		if (options.localAccounts()) {
			http.addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class)
				.formLogin((login) -> login.loginPage("/login").defaultSuccessUrl("/", false).permitAll());
		}
		if (options.provider() != null) {
			ClientRegistrationRepository repository = registrations.getObject();
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
	 * The identity provider, when one is registered ({@code HAVEN_OIDC_ISSUER_URI}, see
	 * the README), and whether local passwords stay beside it
	 * ({@code haven.identity.local-accounts}).
	 */
	@Bean
	SignInOptions signInOptions(ObjectProvider<ClientRegistrationRepository> registrations, DirectoryMapping mapping) {
		ClientRegistration provider = null;
		if (registrations.getIfAvailable() instanceof Iterable<?> all) {
			for (Object registration : all) {
				if (registration instanceof ClientRegistration client
						&& AuthorizationGrantType.AUTHORIZATION_CODE.equals(client.getAuthorizationGrantType())) {
					provider = client;
					break;
				}
			}
		}
		return new SignInOptions(provider, mapping.localAccountsWith(provider != null));
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
