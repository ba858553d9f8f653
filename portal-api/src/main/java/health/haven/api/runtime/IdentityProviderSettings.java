package health.haven.api.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Connects the organisation's identity provider from a handful of settings
 * ({@code HAVEN_OIDC_ISSUER_URI}, {@code HAVEN_OIDC_CLIENT_ID},
 * {@code HAVEN_OIDC_CLIENT_SECRET}, see the README): they fill in Spring Boot's own
 * properties for both sides, the pages' single sign-on (an OAuth2 client registration
 * {@code haven}) and the API's tokens (the resource server's issuer and audience). With
 * the issuer set, the embedded token issuer is off and local accounts are off unless kept
 * ({@code haven.identity.local-accounts}).
 *
 * <p>
 * What is filled in has the lowest precedence: a {@code spring.security.oauth2.*}
 * property set anywhere else wins, for what the short settings do not cover.
 */
class IdentityProviderSettings implements EnvironmentPostProcessor, Ordered {

	static final String SOURCE = "havenIdentityProvider";

	private static final String CLIENT = "spring.security.oauth2.client.";

	private static final String RESOURCE_SERVER = "spring.security.oauth2.resourceserver.jwt.";

	@Override
	public int getOrder() {
		// after the configuration files are read, so that application.yml may set them
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String issuer = environment.getProperty("haven.oidc.issuer-uri", "").strip();
		if (issuer.isEmpty()) {
			return;
		}
		Map<String, Object> settings = new LinkedHashMap<>();
		// the API: the provider's tokens, for Haven's audience only
		settings.put(RESOURCE_SERVER + "issuer-uri", issuer);
		settings.put(RESOURCE_SERVER + "audiences", environment.getProperty("haven.oidc.audience", "haven-api"));
		String clientId = environment.getProperty("haven.oidc.client-id", "").strip();
		if (!clientId.isEmpty()) {
			// the pages: sign-in with the authorization code flow (PKCE, see the pages'
			// security)
			settings.put(CLIENT + "provider.haven.issuer-uri", issuer);
			settings.put(CLIENT + "provider.haven.user-name-attribute",
					environment.getProperty("haven.identity.username-claim", "preferred_username"));
			settings.put(CLIENT + "registration.haven.provider", "haven");
			settings.put(CLIENT + "registration.haven.client-id", clientId);
			String secret = environment.getProperty("haven.oidc.client-secret", "");
			if (secret.isEmpty()) {
				// a public client: PKCE alone protects the code
				settings.put(CLIENT + "registration.haven.client-authentication-method", "none");
			}
			else {
				settings.put(CLIENT + "registration.haven.client-secret", secret);
			}
			settings.put(CLIENT + "registration.haven.client-name",
					environment.getProperty("haven.oidc.name", "your organisation's sign-in"));
			settings.put(CLIENT + "registration.haven.authorization-grant-type", "authorization_code");
			settings.put(CLIENT + "registration.haven.scope",
					environment.getProperty("haven.oidc.scopes", "openid,profile,email"));
		}
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, settings));
	}

}
