package health.haven.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API as a ticketing system uses it: a client-credentials token from
 * {@code POST /oauth2/token}, then JSON over HTTP with the bearer token.
 */
public final class ApiClient {

	public static final String CLIENT_ID = "ticketing-demo";

	public static final String CLIENT_SECRET = "ticketing-demo-secret";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private String clientId = CLIENT_ID;

	private String clientSecret = CLIENT_SECRET;

	private String token;

	public ApiClient(String base) {
		this.base = base;
	}

	/**
	 * Takes its tokens as another registered client.
	 */
	public ApiClient as(String clientId, String clientSecret) {
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		return this;
	}

	/**
	 * Takes a token with the given scopes (none: every scope the client has).
	 */
	public ApiClient withToken(String... scopes) {
		String form = "grant_type=client_credentials"
				+ ((scopes.length > 0) ? "&scope=" + String.join("%20", scopes) : "");
		String basic = Base64.getEncoder()
			.encodeToString((this.clientId + ":" + this.clientSecret).getBytes(StandardCharsets.UTF_8));
		Response response = send(HttpRequest.newBuilder(URI.create(this.base + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		this.token = response.json().path("access_token").asText();
		return this;
	}

	/**
	 * Sends a token taken before (by another client object, from another process).
	 */
	public ApiClient withBearer(String token) {
		this.token = token;
		return this;
	}

	/**
	 * The bearer token taken last, for a request this client cannot send.
	 */
	public String token() {
		return this.token;
	}

	public ApiClient withoutToken() {
		this.token = null;
		return this;
	}

	/**
	 * @param headers further headers, name then value, e.g. {@code If-None-Match}
	 */
	public Response get(String path, String... headers) {
		return send(with(authorized(HttpRequest.newBuilder(URI.create(this.base + path))), headers).GET());
	}

	/**
	 * @param headers further headers, name then value, e.g. {@code Idempotency-Key}
	 */
	public Response post(String path, String json, String... headers) {
		return send(with(authorized(HttpRequest.newBuilder(URI.create(this.base + path))), headers)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static HttpRequest.Builder with(HttpRequest.Builder request, String... headers) {
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request;
	}

	public Response delete(String path) {
		return send(authorized(HttpRequest.newBuilder(URI.create(this.base + path))).DELETE());
	}

	/**
	 * Reads the request until it reaches the state, and returns it then.
	 */
	public JsonNode awaitState(String id, String state) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> get("/api/v1/requests/" + id).json().path("state").asText(), state::equals);
		return get("/api/v1/requests/" + id).json();
	}

	/**
	 * Reads the requests until every one has reached the state, once a second. A request
	 * seen in the state is not read again: a portal's API lets one client ask twenty
	 * times a second, which reading fifty requests twice a second would pass. On time
	 * out, the assertion names each request and its state, or the answer that had none.
	 */
	public void awaitStates(List<String> ids, String state, Duration atMost) {
		Map<String, String> states = new TreeMap<>();
		await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			for (String id : ids) {
				if (!state.equals(states.get(id))) {
					states.put(id, stateOf(id));
				}
			}
			assertThat(states).as("the requests' states")
				.allSatisfy((id, reached) -> assertThat(reached).as(id).isEqualTo(state));
		});
	}

	private String stateOf(String id) {
		Response response = get("/api/v1/requests/" + id);
		String state = (response.status() == 200) ? response.json().path("state").asText() : "";
		return state.isEmpty() ? "HTTP " + response.status() + ": " + response.text() : state;
	}

	private HttpRequest.Builder authorized(HttpRequest.Builder request) {
		return (this.token != null) ? request.header("Authorization", "Bearer " + this.token) : request;
	}

	private Response send(HttpRequest.Builder request) {
		return exchange(this.http, request);
	}

	/**
	 * Sends the request with the tests' timeout and reads the answer as text.
	 */
	static Response exchange(HttpClient http, HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Response(int status, String text, java.net.http.HttpHeaders headers) {

		public JsonNode json() {
			return JSON.readTree(this.text);
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

}
