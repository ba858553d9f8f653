package health.haven.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import health.haven.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Single sign-on against a real Keycloak, configured by the example realm the README
 * points to ({@code docker/keycloak/haven-realm.json}) and a portal configured only by
 * the settings an operator sets ({@code HAVEN_OIDC_*}). A requester and a member of the
 * change advisory board sign in through Chromium with the authorization code flow and
 * PKCE, and take their roles and teams from their Keycloak groups; a ticketing system
 * calls the API with a client-credentials token from Keycloak; a token for another
 * audience, a person without a Haven group and a local password are refused; signing out
 * ends the Keycloak session too.
 */
class SingleSignOnStoryTests {

	private static final Path REALM = Path.of("..", "..", "docker", "keycloak", "haven-realm.json");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String portalSecret = UUID.randomUUID().toString();

	private final String ticketingSecret = UUID.randomUUID().toString();

	private final String reportingSecret = UUID.randomUUID().toString();

	private final String password = UUID.randomUUID().toString();

	private final Path logs = Path.of("target", "single-sign-on");

	private KeycloakServer keycloak;

	private PortalProcess portal;

	private void startKeycloakThenThePortal() throws IOException {
		int port = PortalProcess.freePort();
		this.keycloak = KeycloakServer.start(realmWithAReportingTool(), keycloakSettings("http://localhost:" + port),
				this.logs.resolve("keycloak.log"));
		startThePortal(this.keycloak.issuer(), port);
	}

	private void startThePortal(String issuer, int port) throws IOException {
		this.portal = PortalProcess.start(Files.createTempDirectory("haven-sso"), this.logs.resolve("portal.log"),
				Map.of("HAVEN_OIDC_ISSUER_URI", issuer, "HAVEN_OIDC_CLIENT_ID", "haven-portal",
						"HAVEN_OIDC_CLIENT_SECRET", this.portalSecret, "HAVEN_OIDC_NAME", "Keycloak",
						// what the ticketing system reads when it names nobody: every
						// team
						"SPRING_APPLICATION_JSON", "{\"haven.api.clients.ticketing-desk.teams\": \"*\"}"),
				port);
	}

	/**
	 * What the realm file's placeholders are filled with.
	 */
	private Map<String, String> keycloakSettings(String portalUrl) {
		return Map.of("HAVEN_URL", portalUrl, "HAVEN_OIDC_CLIENT_SECRET", this.portalSecret,
				"HAVEN_TICKETING_CLIENT_SECRET", this.ticketingSecret, "HAVEN_REPORTING_CLIENT_SECRET",
				this.reportingSecret, "HAVEN_EXAMPLE_PASSWORD", this.password);
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.portal != null) {
			this.portal.stop();
		}
		if (this.keycloak != null) {
			this.keycloak.close();
		}
	}

	@Test
	void peopleSignInThroughKeycloakAndATicketingSystemCallsWithItsTokens() throws Exception {
		startKeycloakThenThePortal();
		String base = this.portal.base();
		// the ticketing system's token: Keycloak's, for Haven's audience, with the API's
		// scopes
		String token = this.keycloak.clientToken("ticketing-desk", this.ticketingSecret);
		assertThat(KeycloakServer.claims(token).path("aud").toString()).contains("haven-api");
		ApiClient desk = new ApiClient(base).withBearer(token);
		assertThat(desk.get("/api/v1/catalog").status()).isEqualTo(200);

		String id;
		try (Browser browser = new Browser(base)) {
			// the sign-in page offers Keycloak, and no password form: local accounts are
			// off
			browser.open("/requests");
			assertThat(browser.currentPath()).isEqualTo("/login");
			assertThat(browser.find(By.id("sign-in-provider")).getText()).isEqualTo("Sign in with Keycloak");
			assertThat(browser.findNow(By.id("password"))).isEmpty();
			browser.screenshot("39-sign-in-with-the-identity-provider");

			// the requester: a person in Haven from the first sign-in, with the team and
			// the role the groups give
			signInAtKeycloak(browser, "rafael");
			browser.open("/catalog");
			assertThat(browser.find(By.cssSelector("form.signout")).getText()).contains("Rafael Finance");
			ApiClient.Response created = desk.post("/api/v1/requests", """
					{"catalogItem": "odoo-multitenant", "environment": "sso-staging", "team": "finance",
					 "environmentClass": "staging", "region": "eu-west",
					 "parameters": {"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]},
					 "ticket": {"system": "servicenow", "id": "CHG0077001"}, "onBehalfOf": "rafael"}""");
			assertThat(created.status()).as(created.text()).isEqualTo(201);
			id = created.json().path("id").asText();
			assertThat(desk.get("/api/v1/requests/" + id).json().path("requestedBy").asText()).isEqualTo("rafael");
			browser.open("/requests/" + id);
			assertThat(browser.find(By.tagName("h1")).getText()).contains("sso-staging");
			// a requester has no approval queue
			assertThat(browser.findNow(By.cssSelector("a[href='/approvals']"))).isEmpty();

			// signing out ends Keycloak's session as well: the next sign-in asks again
			browser.signOut();
			assertThat(browser.currentPath()).isEqualTo("/login?logout");
			browser.click(By.id("sign-in-provider"));
			assertThat(browser.find(By.id("password")).isDisplayed()).isTrue();

			// a member of the change advisory board approves it in the queue
			signInAtKeycloakHere(browser, "cora");
			browser.open("/approvals");
			String item = "#pending-" + id;
			assertThat(browser.find(By.cssSelector(item + " p.stage")).getText()).contains("change-advisory-board");
			browser.type(By.id("comment-" + id), "CAB 2026-48 item 9");
			browser.click(By.cssSelector(item + " button.approve"));
			assertThat(browser.find(By.cssSelector("p.flash")).getText()).contains("Approved");
			browser.screenshot("40-single-sign-on-approved");
			browser.signOut();

			// someone in none of Haven's groups is told why they cannot come in
			browser.click(By.id("sign-in-provider"));
			signInAtKeycloakHere(browser, "nobody");
			assertThat(browser.find(By.id("sign-in-refused")).getText())
				.contains("None of your directory groups gives you a role in Haven");
		}

		JsonNode committed = desk.awaitState(id, "COMMITTED");
		assertThat(committed.at("/approvals/decisions/0/decidedBy").asText()).isEqualTo("cora");
		assertThat(committed.at("/approvals/decisions/0/comment").asText()).isEqualTo("CAB 2026-48 item 9");

		// the trail: who came in through the provider, with what the directory gave,
		// and who was turned away; read with the desk's audit:read scope from Keycloak
		JsonNode cora = desk.get("/api/v1/audit?subject=person/cora").json().path("items");
		assertThat(cora.valueStream().map((event) -> event.path("action").asText())).containsExactly("person.created",
				"sign-in", "sign-out");
		assertThat(cora.get(0).toString()).contains("APPROVER");
		JsonNode nobody = desk.get("/api/v1/audit?subject=person/nobody").json().path("items");
		assertThat(nobody.valueStream().map((event) -> event.path("action").asText()))
			.containsExactly("sign-in.refused");
		assertThat(nobody.get(0).toString()).contains("no-role");
		JsonNode rafael = desk.get("/api/v1/audit?subject=person/rafael").json().path("items");
		assertThat(rafael.valueStream().map((event) -> event.path("action").asText())).contains("sign-out");

		// a token Keycloak made for another audience is not one for Haven's API
		String reporting = this.keycloak.clientToken("reporting-tool", this.reportingSecret);
		assertThat(KeycloakServer.claims(reporting).path("aud").toString()).doesNotContain("haven-api");
		assertThat(new ApiClient(base).withBearer(reporting).get("/api/v1/catalog").status()).isEqualTo(401);
	}

	/**
	 * The identity provider away while the portal starts (a restart during the provider's
	 * maintenance): the portal starts anyway, says so on its sign-in page, and signs
	 * people in through the provider, and takes its tokens, once it is back.
	 */
	@Test
	void thePortalStartsWhileKeycloakIsAwayAndSignsInThroughItOnceItIsBack() throws Exception {
		Path realm = realmWithAReportingTool();
		int keycloakPort = PortalProcess.freePort();
		int port = PortalProcess.freePort();
		startThePortal(KeycloakServer.issuer(keycloakPort, realm), port);
		String base = this.portal.base();
		try (Browser browser = new Browser(base)) {
			browser.open("/login");
			browser.click(By.id("sign-in-provider"));
			assertThat(browser.currentPath()).isEqualTo("/login?providerAway");
			assertThat(browser.find(By.id("provider-away")).getText())
				.startsWith("Keycloak cannot be reached right now");
			browser.screenshot("41-identity-provider-away");
			// a token the portal cannot check yet: "try again", neither let in nor
			// refused
			ApiClient.Response away = new ApiClient(base).withBearer("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
				.get("/api/v1/catalog");
			assertThat(away.status()).as(away.text()).isEqualTo(503);
			assertThat(away.json().path("type").asText()).isEqualTo("urn:haven:problem:identity-provider-away");

			this.keycloak = KeycloakServer.start(realm, keycloakSettings("http://localhost:" + port),
					this.logs.resolve("keycloak.log"), keycloakPort);
			// a failed discovery is tried again a few seconds later
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
				browser.open("/login");
				browser.click(By.id("sign-in-provider"));
				assertThat(browser.currentPath()).doesNotStartWith("/login");
			});
			signInAtKeycloakHere(browser, "rafael");
			browser.open("/catalog");
			assertThat(browser.find(By.cssSelector("form.signout")).getText()).contains("Rafael Finance");
		}
		String token = this.keycloak.clientToken("ticketing-desk", this.ticketingSecret);
		assertThat(new ApiClient(base).withBearer(token).get("/api/v1/catalog").status()).isEqualTo(200);
	}

	/**
	 * From the portal's sign-in page through Keycloak's and back.
	 */
	private void signInAtKeycloak(Browser browser, String username) {
		browser.open("/login");
		browser.click(By.id("sign-in-provider"));
		signInAtKeycloakHere(browser, username);
	}

	private void signInAtKeycloakHere(Browser browser, String username) {
		browser.type(By.id("username"), username);
		browser.type(By.id("password"), this.password);
		browser.click(By.id("kc-login"));
		browser.awaitBackOnPortal();
	}

	/**
	 * The example realm, and beside it a reporting tool whose tokens are not meant for
	 * Haven (no audience mapper): the example stays what the README shows.
	 */
	private Path realmWithAReportingTool() throws IOException {
		ObjectNode realm = (ObjectNode) JSON.readTree(REALM.toFile());
		ObjectNode reporting = JSON.createObjectNode()
			.put("clientId", "reporting-tool")
			.put("enabled", true)
			.put("publicClient", false)
			.put("secret", "${HAVEN_REPORTING_CLIENT_SECRET}")
			.put("standardFlowEnabled", false)
			.put("serviceAccountsEnabled", true);
		reporting.putArray("defaultClientScopes").add("basic").add("requests:read");
		((ArrayNode) realm.path("clients")).add(reporting);
		Path file = Files.createDirectories(this.logs).resolve("haven-realm.json");
		JSON.writeValue(file.toFile(), realm);
		return file;
	}

}
