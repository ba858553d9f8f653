package health.haven.api.request;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.GitOpsRepositoryReader;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile or careless client sends, through HTTP: each gets a problem naming the
 * field, and none leaves a trace in the database or the repository.
 */
class HostileInputIntegrationTests extends PortalTest {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void everyHostileBodyIsRefusedNamingItsFieldAndLeavesNoTrace() throws Exception {
		ApiClient api = api().withToken();
		long requestsBefore = count("environment_request");

		Map<String, String> names = new LinkedHashMap<>();
		names.put("escapes a folder", "../../etc");
		names.put("a path", "finance/prod");
		names.put("uppercase", "FinanceProd");
		names.put("a leading dash", "-prod");
		names.put("70 characters", "a".repeat(70));
		names.put("a NUL byte", "prod\\u0000x");
		names.put("non-ASCII", "prüfung");
		names.put("YAML", "x\\nkind: Secret");
		for (Map.Entry<String, String> name : names.entrySet()) {
			Response refused = api.post("/api/v1/requests", body(name.getValue(), "finance", "{}", ""));
			assertThat(refused.status()).as(name.getKey()).isEqualTo(400);
			assertThat(fields(refused)).as(name.getKey()).containsExactly("environment");
		}
		assertThat(fields(api.post("/api/v1/requests", body("ok-name", "../finance", "{}", ""))))
			.containsExactly("team");

		// YAML or JSON through string parameters and the ticket: refused by the schema,
		// never written
		assertThat(fields(api.post("/api/v1/requests",
				body("inj-one", "finance", "{\"odooVersion\": \"17.0\\nkind: Secret\"}", ""))))
			.containsExactly("parameters.odooVersion");
		assertThat(fields(api.post("/api/v1/requests",
				body("inj-two", "finance", "{\"adminAllowList\": [\"10.0.0.0/8\\n- 0.0.0.0/0\"]}", ""))))
			.containsExactly("parameters.adminAllowList[0]");
		assertThat(fields(api.post("/api/v1/requests",
				body("inj-three", "finance", "{\"odooVersion\": \"{\\\"$ne\\\": 1}\"}", ""))))
			.containsExactly("parameters.odooVersion");
		assertThat(fields(api.post("/api/v1/requests",
				body("inj-four", "finance", "{}",
						", \"ticket\": {\"system\": \"servicenow\", \"id\": \"CHG1\\nApproved-by: mallory\"}"))))
			.containsExactly("ticket.id");

		// unknown members and parameters, wrong types
		assertThat(fields(api.post("/api/v1/requests", body("unk-one", "finance", "{}", ", \"approvedBy\": \"bob\""))))
			.containsExactly("approvedBy");
		assertThat(fields(api.post("/api/v1/requests", body("unk-two", "finance", "{\"shell\": \"/bin/sh\"}", ""))))
			.containsExactly("parameters.shell");
		assertThat(fields(api.post("/api/v1/requests", body("typ-one", "finance", "{\"workers\": \"six\"}", ""))))
			.containsExactly("parameters.workers");
		assertThat(fields(api.post("/api/v1/requests", body("typ-two", "finance", "\"all of them\"", ""))))
			.containsExactly("parameters");
		assertThat(fields(api.post("/api/v1/requests", body("typ-three", "finance", "{}", ", \"emergency\": \"yes\""))))
			.containsExactly("emergency");

		// what does not exist
		assertThat(fields(api.post("/api/v1/requests",
				body("no-item", "finance", "{}", "").replace("odoo-dedicated", "odoo-enterprise"))))
			.containsExactly("catalogItem");
		assertThat(fields(
				api.post("/api/v1/requests", body("no-class", "finance", "{}", "").replace("\"staging\"", "\"qa\""))))
			.containsExactly("environmentClass");
		assertThat(fields(
				api.post("/api/v1/requests", body("no-region", "finance", "{}", "").replace("eu-west", "mars-north"))))
			.containsExactly("region");
		assertThat(fields(api.post("/api/v1/requests", body("no-team", "marketing", "{}", ""))))
			.containsExactly("team");
		Response nobody = api.post("/api/v1/requests",
				body("no-person", "finance", "{}", "").replace("\"alice\"", "\"mallory\""));
		assertThat(fields(nobody)).containsExactly("onBehalfOf");
		Response withoutScope = api().withToken("requests:read", "requests:write")
			.post("/api/v1/requests", body("no-scope", "finance", "{}", ""));
		assertThat(withoutScope.status()).isEqualTo(403);
		assertThat(withoutScope.json().path("reason").asText()).isEqualTo("missing-scope");

		// not JSON, and too much of it
		Response malformed = api.post("/api/v1/requests", "{\"catalogItem\": \"odoo-dedicated\",");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().path("type").asText()).isEqualTo("urn:haven:problem:unreadable-body");
		String huge = body("huge", "finance", "{}", ", \"padding\": \"" + "x".repeat(12 * 1024 * 1024) + "\"");
		Response tooLarge = api.post("/api/v1/requests", huge);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.json().path("type").asText()).isEqualTo("urn:haven:problem:body-too-large");
		assertThat(api.post("/api/v1/requests", huge, "Idempotency-Key", "huge-1").status()).isEqualTo(413);
		assertThat(chunked(api, huge)).isEqualTo(413);

		assertThat(count("environment_request")).isEqualTo(requestsBefore);
		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
			for (String folder : new String[] { "etc", "environments/finance/ok-name", "environments/finance/huge",
					"environments/finance/inj-one" }) {
				assertThat(repository.holds("main", folder)).as(folder).isFalse();
			}
		}
	}

	/**
	 * The body sent without a length, as a stream: cut off where it passes the limit.
	 */
	private int chunked(ApiClient api, String body) throws Exception {
		String token = api.token();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/requests"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
			.build();
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
		}
		catch (java.io.IOException ex) {
			// the server may answer and close before the whole stream is sent
			return 413;
		}
	}

	private long count(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Long.class);
	}

	private static java.util.List<String> fields(Response problem) {
		assertThat(problem.status()).as(problem.text()).isEqualTo(400);
		return problem.json().path("errors").valueStream().map((error) -> error.path("field").asText()).toList();
	}

	private static String body(String environment, String team, String parameters, String more) {
		return """
				{"catalogItem": "odoo-dedicated", "environment": "%s", "team": "%s", "environmentClass": "staging",
				 "region": "eu-west", "parameters": %s, "onBehalfOf": "alice" %s}""".formatted(environment, team,
				parameters, more);
	}

}
