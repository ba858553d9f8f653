package health.haven.api.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import health.haven.api.problem.ProblemCatalog;

import health.haven.test.ApiClient.Response;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document describes every call the application answers under {@code /api/}:
 * a new endpoint missing from it fails here.
 */
class OpenApiDocumentIntegrationTests extends PortalTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void isReadableWithoutATokenAndIsOpenApi31() {
		Response document = api().withoutToken().get("/v3/api-docs");
		assertThat(document.status()).isEqualTo(200);
		assertThat(document.json().path("openapi").asText()).startsWith("3.1");
		assertThat(document.json().at("/info/title").asText()).isEqualTo("Haven API");
		Response swagger = api().withoutToken().get("/swagger-ui/index.html");
		assertThat(swagger.status()).isEqualTo(200);
		assertThat(swagger.text()).contains("swagger");
	}

	@Test
	void describesEveryEndpointOfTheApplicationWithItsScopeAndProblems() {
		JsonNode paths = api().withoutToken().get("/v3/api-docs").json().path("paths");
		List<String> endpoints = new ArrayList<>();
		this.mappings.getHandlerMethods().keySet().forEach((RequestMappingInfo info) -> {
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/")) {
					continue;
				}
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					endpoints.add(method.name() + " " + pattern);
				}
			}
		});
		assertThat(endpoints).hasSizeGreaterThan(15)
			.contains("POST /api/v1/requests", "POST /api/v1/requests/{id}/cancel", "GET /api/v1/environments");
		for (String endpoint : endpoints) {
			String method = endpoint.substring(0, endpoint.indexOf(' ')).toLowerCase(Locale.ROOT);
			String path = endpoint.substring(endpoint.indexOf(' ') + 1);
			JsonNode operation = paths.path(path).path(method);
			assertThat(operation.isMissingNode()).as("%s is missing from the OpenAPI document", endpoint).isFalse();
			assertThat(operation.at("/security/0/oauth2").valueStream().map(JsonNode::asText))
				.as("the scope %s needs", endpoint)
				.isNotEmpty();
			assertThat(operation.path("description").asText()).contains("Scope: ");
			assertThat(operation.at("/responses/401/content/application~1problem+json/examples/unauthorized/$ref")
				.asText()).isEqualTo("#/components/examples/problem-unauthorized");
			if (method.equals("post")) {
				assertThat(
						operation.path("parameters").valueStream().map((parameter) -> parameter.path("name").asText()))
					.as("%s takes an Idempotency-Key", endpoint)
					.contains("Idempotency-Key");
			}
		}
	}

	@Test
	void describesEveryProblemTypeWithAnExample() {
		JsonNode document = api().withoutToken().get("/v3/api-docs").json();
		JsonNode examples = document.at("/components/examples");
		for (ProblemCatalog.Entry entry : ProblemCatalog.ENTRIES) {
			JsonNode example = examples.path("problem-" + entry.code());
			assertThat(example.at("/value/type").asText()).isEqualTo("urn:haven:problem:" + entry.code());
			assertThat(example.at("/value/status").asInt()).isEqualTo(entry.status().value());
			assertThat(example.at("/value/detail").asText()).isNotBlank();
		}
		assertThat(document.at("/components/securitySchemes/oauth2/flows/clientCredentials/scopes").propertyNames())
			.contains("requests:read", "requests:write", "approvals:write", "on-behalf", "webhooks:manage", "admin");
		assertThat(document.at("/paths/~1api~1v1~1requests~1{id}~1decisions/post/responses/409/content").toString())
			.contains("problem-stage-not-open", "problem-already-decided");
	}

}
