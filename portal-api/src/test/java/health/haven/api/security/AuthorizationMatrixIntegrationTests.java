package health.haven.api.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import health.haven.provisioning.people.People;

import health.haven.test.ApiClient;
import health.haven.test.PortalTest;
import health.haven.test.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every door of the application, tried by everyone: each endpoint the handler mappings
 * expose (a new endpoint without a row here fails the test) is called anonymously, by
 * each role on the pages and with each scope on the API, and must let in exactly whom its
 * row says: "ok" (let in; what it answers then is the endpoint's own business), 401, 403,
 * or "login" (the pages send strangers to sign in). The rows are written by hand, apart
 * from the security configuration they check. Team scoping (another team's request is
 * 404) and the on-behalf-of rules are rows of their own. The matrix is printed in the
 * test report and kept in the README, which must match it.
 */
class AuthorizationMatrixIntegrationTests extends PortalTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final List<String> PEOPLE = List.of("alice", "bob", "carol", "dave", "frank");

	private static final List<String> SCOPES = List.of("requests:read", "requests:write", "approvals:write",
			"environments:write", "audit:read", "webhooks:manage");

	private static final Set<String> PUBLIC = Set.of("public");

	private static final Set<String> SIGNED_IN = Set.of("signed-in");

	/**
	 * Who each page lets in: everyone, anyone signed in, or the roles named (by the demo
	 * person holding each).
	 */
	private static final Map<String, Set<String>> PAGES = new LinkedHashMap<>();

	/**
	 * Which scopes each API call lets in.
	 */
	private static final Map<String, Set<String>> API = new LinkedHashMap<>();

	static {
		PAGES.put("GET /", SIGNED_IN);
		PAGES.put("GET /login", PUBLIC);
		PAGES.put("GET /error", PUBLIC);
		PAGES.put("GET /catalog", SIGNED_IN);
		PAGES.put("GET /catalog/{key}/request", SIGNED_IN);
		PAGES.put("POST /catalog/{key}/request", SIGNED_IN);
		PAGES.put("GET /requests", SIGNED_IN);
		PAGES.put("GET /requests/{id}", SIGNED_IN);
		PAGES.put("GET /requests/{id}/status", SIGNED_IN);
		PAGES.put("GET /requests/{id}/evidence", Set.of("dave", "frank"));
		PAGES.put("POST /requests/{id}/retry", SIGNED_IN);
		PAGES.put("POST /requests/{id}/cancel", SIGNED_IN);
		PAGES.put("POST /requests/{id}/decisions", SIGNED_IN);
		PAGES.put("GET /approvals", SIGNED_IN);
		PAGES.put("GET /environments", SIGNED_IN);
		PAGES.put("GET /environments/{team}/{name}", SIGNED_IN);
		PAGES.put("GET /environments/{team}/{name}/live", SIGNED_IN);
		PAGES.put("GET /environments/{team}/{name}/drift", SIGNED_IN);
		PAGES.put("POST /environments/{team}/{name}/drift", SIGNED_IN);
		PAGES.put("GET /environments/{team}/{name}/change", SIGNED_IN);
		PAGES.put("POST /environments/{team}/{name}/change", SIGNED_IN);
		PAGES.put("GET /environments/{team}/{name}/decommission", SIGNED_IN);
		PAGES.put("POST /environments/{team}/{name}/decommission", SIGNED_IN);
		PAGES.put("GET /audit", Set.of("dave", "frank"));
		PAGES.put("GET /audit/verify", Set.of("dave", "frank"));
		PAGES.put("GET /audit/export", Set.of("dave", "frank"));

		API.put("GET /api/v1/catalog", Set.of("requests:read", "requests:write"));
		API.put("GET /api/v1/catalog/{key}", Set.of("requests:read", "requests:write"));
		API.put("GET /api/v1/requests", Set.of("requests:read"));
		API.put("GET /api/v1/requests/{id}", Set.of("requests:read"));
		API.put("GET /api/v1/requests/{id}/evidence", Set.of("audit:read"));
		API.put("POST /api/v1/requests", Set.of("requests:write"));
		API.put("POST /api/v1/requests/preview", Set.of("requests:write"));
		API.put("POST /api/v1/requests/{id}/cancel", Set.of("requests:write"));
		API.put("POST /api/v1/requests/{id}/retry", Set.of("requests:write"));
		API.put("POST /api/v1/requests/{id}/resubmit", Set.of("requests:write"));
		API.put("POST /api/v1/requests/{id}/decisions", Set.of("approvals:write"));
		API.put("GET /api/v1/environments", Set.of("requests:read"));
		API.put("GET /api/v1/environments/{team}/{name}", Set.of("requests:read"));
		API.put("POST /api/v1/environments/{team}/{name}/drift", Set.of("environments:write"));
		API.put("GET /api/v1/change-windows", Set.of("requests:read"));
		API.put("POST /api/v1/change-windows", Set.of("environments:write"));
		API.put("DELETE /api/v1/change-windows/{id}", Set.of("environments:write"));
		API.put("GET /api/v1/audit", Set.of("audit:read"));
		API.put("GET /api/v1/audit/verify", Set.of("audit:read"));
		API.put("GET /api/v1/webhooks", Set.of("webhooks:manage"));
		API.put("POST /api/v1/webhooks", Set.of("webhooks:manage"));
		API.put("GET /api/v1/webhooks/{id}", Set.of("webhooks:manage"));
		API.put("GET /api/v1/webhooks/{id}/deliveries", Set.of("webhooks:manage"));
		API.put("DELETE /api/v1/webhooks/{id}", Set.of("webhooks:manage"));
	}

	// the OpenAPI document and Swagger UI: open to all, and no data
	private static final Set<String> DOCUMENTATION = Set.of("/v3/api-docs", "/v3/api-docs/swagger-config",
			"/v3/api-docs.yaml", "/swagger-ui.html");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	People people;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void everyEndpointLetsInExactlyWhomItsRowSays() throws Exception {
		TestClients.createPaula(this.people);
		ApiClient demo = api().withToken();
		String request = RequestIds.staging(demo, "matrix-" + UUID.randomUUID().toString().substring(0, 6));
		String environment = RequestIds.committedDev(demo, "matrix-" + UUID.randomUUID().toString().substring(0, 6));

		// every endpoint has a row, and every row an endpoint
		Set<String> exposed = new TreeSet<>();
		this.mappings.getHandlerMethods().keySet().forEach((RequestMappingInfo info) -> {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					exposed.add(method + " " + pattern);
				}
			}
		});
		exposed.removeIf((endpoint) -> DOCUMENTATION.contains(endpoint.substring(endpoint.indexOf(' ') + 1)));
		Set<String> rows = new TreeSet<>(PAGES.keySet());
		rows.addAll(API.keySet());
		assertThat(exposed).as("endpoints without a row in the authorization matrix").isSubsetOf(rows);
		assertThat(rows).as("rows for endpoints that do not exist").isSubsetOf(exposed);

		Map<String, String> sessions = new LinkedHashMap<>();
		for (String person : PEOPLE) {
			sessions.put(person, signIn(person));
		}
		Map<String, String> tokens = new LinkedHashMap<>();
		for (String scope : SCOPES) {
			tokens.put(scope, api().withToken(scope).token());
		}

		List<String> table = new ArrayList<>();
		List<String> wrong = new ArrayList<>();
		table.add("| endpoint | anonymous | " + String.join(" | ", PEOPLE) + " |");
		table.add("|---|---|" + "---|".repeat(PEOPLE.size()));
		for (Map.Entry<String, Set<String>> page : PAGES.entrySet()) {
			String path = concrete(page.getKey(), request, environment);
			List<String> cells = new ArrayList<>();
			// a stranger's form post has no session and so no CSRF token: refused before
			// sign-in
			String stranger = page.getValue().contains("public") ? "ok"
					: page.getKey().startsWith("POST") ? "403" : "login";
			cells.add(check(wrong, page.getKey(), "anonymous", stranger, pageOutcome(path, null)));
			for (String person : PEOPLE) {
				String expected = (page.getValue().contains("public") || page.getValue().contains("signed-in")
						|| page.getValue().contains(person)) ? "ok" : "403";
				cells.add(check(wrong, page.getKey(), person, expected, pageOutcome(path, sessions.get(person))));
			}
			table.add("| `" + page.getKey() + "` | " + String.join(" | ", cells) + " |");
		}
		table.add("");
		table.add("| endpoint | anonymous | " + String.join(" | ", SCOPES) + " |");
		table.add("|---|---|" + "---|".repeat(SCOPES.size()));
		for (Map.Entry<String, Set<String>> call : API.entrySet()) {
			String path = concrete(call.getKey(), request, environment);
			List<String> cells = new ArrayList<>();
			cells.add(check(wrong, call.getKey(), "anonymous", "401", apiOutcome(path, null)));
			for (String scope : SCOPES) {
				cells.add(check(wrong, call.getKey(), scope, call.getValue().contains(scope) ? "ok" : "403",
						apiOutcome(path, tokens.get(scope))));
			}
			table.add("| `" + call.getKey() + "` | " + String.join(" | ", cells) + " |");
		}
		// team scoping and on-behalf-of, beyond the doors
		String read = tokens.get("requests:read");
		table.add("");
		table.add("| beyond the door | outcome |");
		table.add("|---|---|");
		table.add(row(wrong, "another team's request, for paula (procurement)", "404",
				status("GET", "/api/v1/requests/" + request + "?onBehalfOf=paula", demo.token())));
		table.add(row(wrong, "another team's environment, for paula (procurement)", "404",
				status("GET", "/api/v1/environments/" + environment + "?onBehalfOf=paula", demo.token())));
		table.add(row(wrong, "onBehalfOf without the on-behalf scope", "403",
				status("GET", "/api/v1/requests/" + request + "?onBehalfOf=alice", read)));
		table.add(row(wrong, "approving one's own request (alice)", "403",
				status("POST", "/api/v1/requests/" + request + "/decisions", demo.token(),
						"{\"decision\": \"APPROVE\", \"onBehalfOf\": \"alice\"}")));

		String matrix = String.join("\n", table);
		System.out.println("Authorization matrix\n\n" + matrix + "\n");
		if (!wrong.isEmpty()) {
			fail("Doors that let in the wrong callers:\n" + String.join("\n", wrong) + "\n\n" + matrix);
		}
		String readme = Files.readString(Path.of("..", "README.md"));
		assertThat(readme).as("the README's authorization matrix; replace it with the one printed above")
			.contains(matrix);
	}

	private static String check(List<String> wrong, String endpoint, String who, String expected, String actual) {
		if (!expected.equals(actual)) {
			wrong.add(endpoint + " as " + who + ": expected " + expected + ", got " + actual);
		}
		return expected;
	}

	private static String row(List<String> wrong, String what, String expected, int actual) {
		check(wrong, what, "", expected, String.valueOf(actual));
		return "| " + what + " | " + expected + " |";
	}

	private static String concrete(String endpoint, String request, String environment) {
		String path = endpoint.substring(endpoint.indexOf(' ') + 1);
		return endpoint.substring(0, endpoint.indexOf(' ')) + " "
				+ path.replace("{key}", "odoo-multitenant")
					.replace("{team}/{name}", environment)
					.replace("/webhooks/{id}", "/webhooks/" + UUID.randomUUID())
					.replace("/change-windows/{id}", "/change-windows/" + UUID.randomUUID())
					// withdrawing the shared request would end it for the rows after this
					// one
					.replace("/requests/{id}/cancel", "/requests/" + UUID.randomUUID() + "/cancel")
					.replace("{id}", request);
	}

	/**
	 * ok, login (sent to sign in), 401 or 403, for a page.
	 */
	private String pageOutcome(String call, String session) throws Exception {
		String method = call.substring(0, call.indexOf(' '));
		String path = call.substring(call.indexOf(' ') + 1);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
		if (session != null) {
			request.header("Cookie", "JSESSIONID=" + session);
		}
		if ("POST".equals(method)) {
			String token = (session != null) ? csrf(session) : "";
			request.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		String location = response.headers().firstValue("Location").orElse("");
		if (response.statusCode() == 302 && location.endsWith("/login")) {
			return "login";
		}
		return (response.statusCode() == 401 || response.statusCode() == 403) ? String.valueOf(response.statusCode())
				: "ok";
	}

	private String apiOutcome(String call, String token) throws Exception {
		int status = status(call.substring(0, call.indexOf(' ')), call.substring(call.indexOf(' ') + 1), token, "{}");
		return (status == 401 || status == 403) ? String.valueOf(status) : "ok";
	}

	private int status(String method, String path, String token) throws Exception {
		return status(method, path, token, "{}");
	}

	private int status(String method, String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		switch (method) {
			case "POST" ->
				request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
			case "DELETE" -> request.DELETE();
			default -> request.GET();
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private String signIn(String person) throws Exception {
		HttpResponse<String> form = this.http.send(HttpRequest.newBuilder(URI.create(base() + "/login")).build(),
				HttpResponse.BodyHandlers.ofString());
		String session = cookie(form);
		HttpResponse<String> signedIn = this.http.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cookie", "JSESSIONID=" + session)
			.POST(HttpRequest.BodyPublishers.ofString("username=" + person + "&password=" + person + "-demo&_csrf="
					+ URLEncoder.encode(csrfOf(form.body()), StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
		return cookie(signedIn);
	}

	private String csrf(String session) throws IOException, InterruptedException {
		HttpResponse<String> page = this.http.send(HttpRequest.newBuilder(URI.create(base() + "/catalog"))
			.header("Cookie", "JSESSIONID=" + session)
			.build(), HttpResponse.BodyHandlers.ofString());
		return csrfOf(page.body());
	}

	private static String csrfOf(String html) {
		Matcher token = CSRF.matcher(html);
		return token.find() ? token.group(1) : "";
	}

	private static String cookie(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("JSESSIONID="))
			.map((cookie) -> cookie.substring("JSESSIONID=".length(), cookie.indexOf(';')))
			.findFirst()
			.orElseThrow();
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	/**
	 * The request and environment the rows are tried on.
	 */
	static final class RequestIds {

		static String staging(ApiClient api, String name) {
			return create(api, name, "staging");
		}

		static String committedDev(ApiClient api, String name) {
			api.awaitState(create(api, name, "dev"), "COMMITTED");
			return "finance/" + name;
		}

		private static String create(ApiClient api, String name, String environmentClass) {
			return api
				.post("/api/v1/requests",
						"""
								{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance",
								 "environmentClass": "%s", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}"""
							.formatted(name, environmentClass))
				.json()
				.path("id")
				.asText();
		}

	}

}
