package health.haven.ui.security;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;

/**
 * The browser's security: sign-in with local accounts (OpenID Connect single sign-on
 * follows), a session cookie, CSRF tokens on every form.
 */
@Configuration(proxyBeanMethods = false)
class UiSecurityConfiguration {

	@Bean
	@Order(10)
	SecurityFilterChain pagesChain(HttpSecurity http, SignInThrottle throttle) throws Exception {
		http.addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class)
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico", "/error")
						.permitAll()
						.requestMatchers("/audit", "/audit/**", "/requests/*/evidence")
						.hasAnyRole("AUDITOR", "PLATFORM_ADMIN")
						.anyRequest()
						.authenticated())
			.formLogin((login) -> login.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			// no inline script or style anywhere (htmx's indicator styles are off, see
			// the
			// layout); HSTS and nosniff are Spring Security's defaults, HSTS on TLS only
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
						+ "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.permissionsPolicyHeader(
						(permissions) -> permissions.policy("camera=(), microphone=(), geolocation=()")))
			.csrf(Customizer.withDefaults());
		return http.build();
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
	UserDetailsService localAccounts(People people) {
		return (username) -> people.find(username)
			.filter((person) -> person.getPasswordHash() != null)
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
