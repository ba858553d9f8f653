package health.haven.ui.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;

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
	SecurityFilterChain pagesChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico", "/error")
					.permitAll()
					.requestMatchers("/audit", "/audit/**", "/requests/*/evidence")
					.hasAnyRole("AUDITOR", "PLATFORM_ADMIN")
					.anyRequest()
					.authenticated())
			.formLogin((login) -> login.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.headers((headers) -> headers.contentSecurityPolicy(
					(csp) -> csp.policyDirectives("default-src 'self'; frame-ancestors 'none'; form-action 'self'")))
			.csrf(Customizer.withDefaults());
		return http.build();
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
