package health.haven.api.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
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
		http.securityMatcher("/api/**").authorizeHttpRequests((requests) -> {
			for (ApiAccess.Rule rule : ApiAccess.RULES) {
				requests.requestMatchers(rule.method(), rule.patternArray()).hasAnyAuthority(rule.authorities());
			}
			requests.anyRequest().denyAll();
		})
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(ProblemResponses.unauthorized())
				.accessDeniedHandler(ProblemResponses.forbidden()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(ProblemResponses.unauthorized())
				.accessDeniedHandler(ProblemResponses.forbidden()))
			.addFilterBefore(ProblemResponses.providerAway(), BearerTokenAuthenticationFilter.class)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// bearer tokens only, no cookies: nothing for a cross-site request to ride on
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	/**
	 * The OpenAPI document and Swagger UI, readable without a token like the health
	 * probe: they describe the API, they hold no data.
	 */
	@Bean
	@Order(4)
	SecurityFilterChain apiDocsChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
				"/swagger-ui/**")
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers(HttpMethod.GET).permitAll().anyRequest().denyAll())
			.headers((headers) -> headers.contentSecurityPolicy(
					(csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
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
