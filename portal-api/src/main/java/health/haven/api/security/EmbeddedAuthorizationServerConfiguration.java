package health.haven.api.security;

import java.time.Clock;
import java.time.Duration;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.api.secret.SecretBox;

/**
 * The first run's own token issuer: client-credentials tokens for registered machine
 * clients at {@code POST /oauth2/token}, which the API accepts. Switched off with
 * {@code HAVEN_AUTH_EMBEDDED_ISSUER=false}, and off on its own where the organisation's
 * identity provider issues the tokens (an issuer or key set is configured).
 *
 * <p>
 * The signing keys are kept in PostgreSQL, encrypted ({@link IssuerKeys}): tokens outlive
 * the process that issued them, replicas accept each other's, and the key is replaced
 * every {@code haven.auth.issuer-key.rotate-every} with an overlap.
 */
@Configuration(proxyBeanMethods = false)
// on unless switched off, and off wherever the identity provider's tokens are accepted:
// the
// API takes tokens from one issuer, never from two
@ConditionalOnExpression("${haven.auth.embedded-issuer:true}"
		+ " and '${spring.security.oauth2.resourceserver.jwt.issuer-uri:}'.isEmpty()"
		+ " and '${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}'.isEmpty()")
class EmbeddedAuthorizationServerConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
		OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
		http.securityMatcher(server.getEndpointsMatcher())
			.with(server, Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()));
		return http.build();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizationService() {
		return new StatelessAuthorizations();
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings() {
		return AuthorizationServerSettings.builder().build();
	}

	@Bean
	IssuerKeys issuerKeys(JdbcClient jdbc, PlatformTransactionManager transactionManager, SecretBox secrets,
			Clock clock, @Value("${haven.auth.issuer-key.rotate-every:30d}") Duration rotateEvery,
			@Value("${haven.auth.issuer-key.overlap:1d}") Duration overlap) {
		return new IssuerKeys(jdbc, new TransactionTemplate(transactionManager), secrets, clock, rotateEvery, overlap);
	}

	/**
	 * The keys a token may be signed with: published at {@code /oauth2/jwks}, and what
	 * the API checks tokens against.
	 */
	@Bean
	JWKSource<SecurityContext> jwkSource(IssuerKeys keys) {
		return (selector, context) -> selector.select(keys.published());
	}

	/**
	 * New tokens are signed with the newest key only.
	 */
	@Bean
	JwtEncoder jwtEncoder(IssuerKeys keys) {
		return new NimbusJwtEncoder((selector, context) -> selector.select(keys.signing()));
	}

	/**
	 * A client that asks for no scope in particular gets every scope it is registered
	 * with, as identity providers grant default scopes.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> defaultScopes() {
		return (context) -> {
			if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
					&& context.getAuthorizedScopes().isEmpty()) {
				context.getClaims().claim("scope", context.getRegisteredClient().getScopes());
			}
		};
	}

	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
		return NimbusJwtDecoder.withJwkSource(jwkSource).build();
	}

}
