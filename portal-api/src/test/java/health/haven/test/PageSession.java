package health.haven.test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import health.haven.test.ApiClient.Response;

/**
 * The pages as a browser without scripts uses them: a session cookie, the sign-in form
 * with its CSRF token, then plain GETs.
 */
public final class PageSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	public PageSession(String base) {
		this.base = base;
	}

	/**
	 * Sends the sign-in form.
	 * @return where the portal sends the browser next ({@code /} when signed in,
	 * {@code /login?error} when not)
	 */
	public String signIn(String username, String password) {
		Response form = get("/login");
		Matcher token = CSRF.matcher(form.text());
		if (!token.find()) {
			throw new IllegalStateException("The sign-in form has no CSRF token: " + form.text());
		}
		String body = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
				+ encode(token.group(1));
		Response response = send(HttpRequest.newBuilder(URI.create(this.base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		return response.header("Location");
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private Response send(HttpRequest.Builder request) {
		return ApiClient.exchange(this.http, request);
	}

}
