package health.haven.api.security;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' web hardening, as a browser receives it: security headers on every page, a
 * CSP without inline scripts or styles, session cookies HttpOnly and SameSite (and Secure
 * with HSTS behind TLS), CSRF on state-changing forms, and a new session at sign-in.
 */
class WebHardeningIntegrationTests extends PortalTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void everyPageCarriesTheSecurityHeadersAndTheSessionCookieIsGuarded() throws Exception {
		HttpResponse<String> login = get("/login");
		assertThat(login.statusCode()).isEqualTo(200);
		String csp = login.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
			.doesNotContain("unsafe-inline", "unsafe-eval");
		assertThat(login.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");
		assertThat(login.headers().firstValue("Referrer-Policy")).contains("same-origin");
		assertThat(login.headers().firstValue("Strict-Transport-Security")).isEmpty();
		String cookie = sessionCookie(login);
		assertThat(cookie).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
		// the pages hold no inline script or style for the policy to allow
		assertThat(login.body()).doesNotContain("<script>", "style=\"", "onclick=");

		// behind TLS at the proxy
		HttpResponse<String> tls = get("/login", "X-Forwarded-Proto", "https");
		assertThat(tls.headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying((hsts) -> assertThat(hsts).contains("max-age="));
		assertThat(sessionCookie(tls)).contains("Secure", "HttpOnly", "SameSite=Lax");

		// the API answers with the same basic headers
		HttpResponse<String> api = get("/api/v1/requests");
		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefusedAndSigningInStartsANewSession() throws Exception {
		HttpResponse<String> form = get("/login");
		String before = sessionId(sessionCookie(form));
		HttpResponse<String> withoutToken = post("/login", "username=alice&password=alice-demo", before);
		assertThat(withoutToken.statusCode()).isEqualTo(403);

		Matcher token = CSRF.matcher(form.body());
		assertThat(token.find()).isTrue();
		HttpResponse<String> signedIn = post("/login",
				"username=alice&password=alice-demo&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8),
				before);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
		// session fixation: the session of the sign-in form is not the signed-in one
		assertThat(sessionId(sessionCookie(signedIn))).isNotEqualTo(before);
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String form, String session) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cookie", "JSESSIONID=" + session)
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String sessionCookie(HttpResponse<String> response) {
		List<String> cookies = response.headers().allValues("Set-Cookie");
		return cookies.stream().filter((cookie) -> cookie.startsWith("JSESSIONID=")).findFirst().orElseThrow();
	}

	private static String sessionId(String cookie) {
		return cookie.substring("JSESSIONID=".length(), cookie.indexOf(';'));
	}

}
