package health.haven.api.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the organisation's identity provider issues the tokens, the portal issues none
 * and accepts those the provider signed, for the portal's audience, from the configured
 * issuer and not expired: here a provider's key set served on loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityProviderTokensIntegrationTests {

	private static final String ISSUER = "https://idp.example/realms/haven";

	private static final String AUDIENCE = "haven-api";

	private static final RSAKey PROVIDER_KEY = key();

	private static final HttpServer KEY_SET = serve(new JWKSet(PROVIDER_KEY.toPublicJWK()));

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@DynamicPropertySource
	static void identityProvider(DynamicPropertyRegistry registry) throws IOException {
		String dataDir = Files.createTempDirectory("haven-idp-").toString();
		registry.add("haven.data-dir", () -> dataDir);
		// the embedded issuer switches itself off: nothing says so here
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
				() -> "http://127.0.0.1:" + KEY_SET.getAddress().getPort() + "/jwks");
		// the provider's tokens are checked for who issued them and whom they are for
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
		registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
	}

	@AfterAll
	static void stop() {
		KEY_SET.stop(0);
	}

	@Test
	void acceptsTokensTheIdentityProviderSigned() throws Exception {
		assertThat(get("/api/v1/catalog", token(PROVIDER_KEY, "requests:read")).statusCode()).isEqualTo(200);
	}

	@Test
	void refusesATokenForAnotherAudienceFromAnotherIssuerOrExpired() throws Exception {
		Instant now = Instant.now();
		assertThat(get("/api/v1/catalog", token(PROVIDER_KEY, "requests:read", ISSUER, "grafana", now)).statusCode())
			.isEqualTo(401);
		assertThat(get("/api/v1/catalog",
				token(PROVIDER_KEY, "requests:read", "https://idp.example/realms/other", AUDIENCE, now))
			.statusCode()).isEqualTo(401);
		assertThat(
				get("/api/v1/catalog", token(PROVIDER_KEY, "requests:read", ISSUER, AUDIENCE, now.minusSeconds(3600)))
					.statusCode())
			.isEqualTo(401);
	}

	@Test
	void refusesTokensSignedByAnyOtherKey() throws Exception {
		HttpResponse<String> forged = get("/api/v1/catalog", token(key(), "requests:read"));
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.body()).contains("urn:haven:problem:unauthorized");
	}

	@Test
	void issuesNoTokensOfItsOwn() throws Exception {
		assertThat(this.context.getBeanNamesForType(RegisteredClientRepository.class)).isEmpty();
		HttpResponse<String> tokenRequest = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(tokenRequest.statusCode()).isNotEqualTo(200);
		assertThat(tokenRequest.body()).doesNotContain("access_token");
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String token(RSAKey key, String scope) throws JOSEException {
		return token(key, scope, ISSUER, AUDIENCE, Instant.now());
	}

	/**
	 * A token as the provider signs it, issued at {@code issuedAt} for five minutes.
	 */
	private static String token(RSAKey key, String scope, String issuer, String audience, Instant issuedAt)
			throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().subject("servicenow-prod")
					.issuer(issuer)
					.audience(audience)
					.claim("scope", scope)
					.issueTime(Date.from(issuedAt))
					.expirationTime(Date.from(issuedAt.plusSeconds(300)))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static RSAKey key() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve(JWKSet keys) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
