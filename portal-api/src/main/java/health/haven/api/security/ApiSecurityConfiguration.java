package health.haven.api.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API's security: bearer JWTs with scopes on {@code /api/**}, and health probes open
 * to all. The tokens come from the embedded authorization server on a first run
 * ({@link EmbeddedAuthorizationServerConfiguration}), or from the organisation's identity
 * provider ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or
 * {@code jwk-set-uri}).
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(HttpMethod.GET, "/api/v1/catalog", "/api/v1/catalog/**")
				.hasAnyAuthority(Scopes.authority(Scopes.REQUESTS_READ), Scopes.authority(Scopes.REQUESTS_WRITE))
				.requestMatchers(HttpMethod.GET, "/api/v1/audit", "/api/v1/audit/**", "/api/v1/requests/*/evidence")
				.hasAuthority(Scopes.authority(Scopes.AUDIT_READ))
				.requestMatchers(HttpMethod.GET, "/api/v1/change-windows")
				.hasAuthority(Scopes.authority(Scopes.REQUESTS_READ))
				.requestMatchers(HttpMethod.POST, "/api/v1/change-windows")
				.hasAuthority(Scopes.authority(Scopes.ENVIRONMENTS_WRITE))
				.requestMatchers(HttpMethod.DELETE, "/api/v1/change-windows/*")
				.hasAuthority(Scopes.authority(Scopes.ENVIRONMENTS_WRITE))
				.requestMatchers(HttpMethod.GET, "/api/v1/requests", "/api/v1/requests/**", "/api/v1/environments",
						"/api/v1/environments/**")
				.hasAuthority(Scopes.authority(Scopes.REQUESTS_READ))
				.requestMatchers(HttpMethod.POST, "/api/v1/requests", "/api/v1/requests/*/retry",
						"/api/v1/requests/*/resubmit")
				.hasAuthority(Scopes.authority(Scopes.REQUESTS_WRITE))
				.requestMatchers(HttpMethod.POST, "/api/v1/requests/*/decisions")
				.hasAuthority(Scopes.authority(Scopes.APPROVALS_WRITE))
				.requestMatchers(HttpMethod.POST, "/api/v1/environments/*/*/drift")
				.hasAuthority(Scopes.authority(Scopes.ENVIRONMENTS_WRITE))
				.anyRequest()
				.denyAll())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(ProblemResponses.unauthorized())
				.accessDeniedHandler(ProblemResponses.forbidden()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(ProblemResponses.unauthorized())
				.accessDeniedHandler(ProblemResponses.forbidden()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// bearer tokens only, no cookies: nothing for a cross-site request to ride on
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain actuatorChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/actuator/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.anyRequest()
				.denyAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

}
