package health.haven.api.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import health.haven.api.problem.ProblemCatalog;
import health.haven.api.problem.ProblemTypes;
import health.haven.api.security.ApiAccess;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}),
 * generated from the controllers. On top of what springdoc reads from them, it shows for
 * each call the scope it needs (from {@link ApiAccess}, the table the security filters
 * enforce), the {@code Idempotency-Key} header of the POSTs, and the problem types each
 * call may answer with, each with an example (from {@link ProblemCatalog}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String OAUTH2 = "oauth2";

	static final String PROBLEM = "Problem";

	@Bean
	OpenAPI havenOpenApi() {
		Scopes scopes = new Scopes();
		scopes.addString(health.haven.api.security.Scopes.REQUESTS_READ, "Read the catalog, requests and environments");
		scopes.addString(health.haven.api.security.Scopes.REQUESTS_WRITE,
				"Create, preview, cancel, amend and retry requests");
		scopes.addString(health.haven.api.security.Scopes.APPROVALS_WRITE, "Carry approvers' decisions");
		scopes.addString(health.haven.api.security.Scopes.ENVIRONMENTS_WRITE,
				"Carry platform administrators' decisions on hand edits and change windows");
		scopes.addString(health.haven.api.security.Scopes.AUDIT_READ, "Read the audit trail and evidence records");
		scopes.addString(health.haven.api.security.Scopes.ON_BEHALF,
				"Name the person the client acts for (onBehalfOf)");
		scopes.addString(health.haven.api.security.Scopes.WEBHOOKS_MANAGE, "Subscribe and remove callbacks");
		scopes.addString(health.haven.api.security.Scopes.ADMIN,
				"Act as the platform: every subscription's deliveries, callbacks into private networks where allowed");
		return new OpenAPI().info(new Info().title("Haven API").version("v1").description("""
				Self-service Odoo environments through GitOps: create a request from a ticket, follow it \
				through its approvals to a commit and a healthy environment, and receive signed callbacks \
				as it moves. Errors are RFC 9457 problem details whose type (urn:haven:problem:<code>) \
				clients may switch on. Every POST that creates or decides takes an Idempotency-Key; every \
				resource has an ETag, and changes honour If-Match (412 when stale). A client acting for \
				a person names them in onBehalfOf (scope on-behalf) and sees what that person sees; \
				another team's request or environment is 404."""))
			.components(new Components()
				.addSecuritySchemes(OAUTH2,
						new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
							.description("Client-credentials tokens from the embedded issuer on a first run, "
									+ "from the organisation's identity provider in production")
							.flows(new OAuthFlows()
								.clientCredentials(new OAuthFlow().tokenUrl("/oauth2/token").scopes(scopes))))
				.addSchemas(PROBLEM, problemSchema()));
	}

	@Bean
	OpenApiCustomizer accessAndProblems() {
		return (openApi) -> {
			Components components = openApi.getComponents();
			for (ProblemCatalog.Entry entry : ProblemCatalog.ENTRIES) {
				components.addExamples(exampleName(entry),
						new Example().summary(entry.title())
							.description(ProblemTypes.of(entry.code()).toString())
							.value(example(entry)));
			}
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				HttpMethod httpMethod = HttpMethod.valueOf(method.name());
				ApiAccess.ruleFor(httpMethod, path).ifPresent((rule) -> {
					operation.addSecurityItem(new SecurityRequirement().addList(OAUTH2, rule.scopes()));
					String needs = "Scope: " + String.join(" or ", rule.scopes()) + ".";
					operation.setDescription(
							(operation.getDescription() != null) ? operation.getDescription() + "\n\n" + needs : needs);
				});
				if (method == PathItem.HttpMethod.POST) {
					operation.addParametersItem(new HeaderParameter().name("Idempotency-Key")
						.required(false)
						.description("Send the change again with the same key and body to get the first response "
								+ "back (same id, same status) without doing it twice; kept at least 24 hours, "
								+ "per client. The same key with another body is refused (422).")
						.schema(new StringSchema().maxLength(255)));
				}
				addProblems(operation, path, httpMethod);
			}));
		};
	}

	private static void addProblems(Operation operation, String path, HttpMethod method) {
		List<HttpStatus> statuses = new ArrayList<>(
				List.of(HttpStatus.BAD_REQUEST, HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN));
		if (path.contains("{") || !HttpMethod.GET.equals(method)) {
			statuses.add(HttpStatus.NOT_FOUND);
		}
		if (!HttpMethod.GET.equals(method)) {
			statuses.addAll(List.of(HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED, HttpStatus.CONTENT_TOO_LARGE,
					HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.SERVICE_UNAVAILABLE));
		}
		statuses.add(HttpStatus.TOO_MANY_REQUESTS);
		statuses.add(HttpStatus.INTERNAL_SERVER_ERROR);
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		for (HttpStatus status : statuses) {
			String code = String.valueOf(status.value());
			if (responses.containsKey(code)) {
				continue;
			}
			MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
			ProblemCatalog.ENTRIES.stream()
				.filter((entry) -> entry.status() == status)
				.forEach((entry) -> problem.addExamples(entry.code(),
						new Example().$ref("#/components/examples/" + exampleName(entry))));
			responses.addApiResponse(code, new ApiResponse().description(status.getReasonPhrase())
				.content(new Content().addMediaType("application/problem+json", problem)));
		}
		operation.setResponses(responses);
	}

	private static String exampleName(ProblemCatalog.Entry entry) {
		return "problem-" + entry.code();
	}

	private static Map<String, Object> example(ProblemCatalog.Entry entry) {
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("type", ProblemTypes.of(entry.code()).toString());
		example.put("title", entry.title());
		example.put("status", entry.status().value());
		example.put("detail", entry.example());
		return example;
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().format("uri").description("urn:haven:problem:<code>, stable"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri"))
			.addProperty("reason", new StringSchema().description("the rule or conflict, for 403 and 409"))
			.addProperty("errors",
					new ArraySchema().description("each invalid field, for 400 and 422")
						.items(new ObjectSchema().addProperty("field", new StringSchema())
							.addProperty("message", new StringSchema())))
			.addProperty("gates",
					new ArraySchema().description("each policy gate's result, for 422 gates-failed")
						.items(new ObjectSchema().addProperty("gate", new StringSchema())
							.addProperty("outcome", new StringSchema())
							.addProperty("reason", new StringSchema())))
			.addProperty("currentVersion", new IntegerSchema().description("for 412: the version to read again"));
	}

}
