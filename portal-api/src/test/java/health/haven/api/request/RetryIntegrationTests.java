package health.haven.api.request;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change that can never be written as things stand fails at once with the reason; once
 * the cause is fixed, a platform administrator sends it through its failed step again.
 * Here the platform team's schema export lacks Traefik's CRDs, then gains them.
 */
class RetryIntegrationTests extends PortalTest {

	private static final Path EXPORT = exportWithoutTraefik();

	@DynamicPropertySource
	static void schemas(DynamicPropertyRegistry registry) {
		registry.add("haven.gitops.schemas-dir", EXPORT::toString);
	}

	@Test
	void aPlatformAdministratorRetriesAFailedRequestOnceItsCauseIsFixed() throws IOException {
		ApiClient api = api().withToken();
		String id = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "retry-dev", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""").json().path("id").asText();
		JsonNode failed = api.awaitState(id, "FAILED");
		assertThat(failed.path("failedStep").asText()).isEqualTo("render");
		assertThat(failed.path("stateReason").asText())
			.contains("no schema known for traefik.io/v1alpha1 IngressRoute");

		// the requester may not; neither may anyone while nothing has failed
		Response byRequester = api.post("/api/v1/requests/" + id + "/retry", "{\"onBehalfOf\": \"alice\"}");
		assertThat(byRequester.status()).isEqualTo(403);
		assertThat(byRequester.json().path("reason").asText()).isEqualTo("missing-role");

		// the platform team adds Traefik's CRDs to its export; the portal reads them
		copy("crds/traefik.io_v1alpha1_all.yaml");
		Response retried = api.post("/api/v1/requests/" + id + "/retry", "{\"onBehalfOf\": \"dave\"}");
		assertThat(retried.status()).as(retried.text()).isEqualTo(200);
		JsonNode committed = api.awaitState(id, "COMMITTED");
		assertThat(committed.path("timeline").valueStream().map((entry) -> entry.path("state").asText()))
			.containsExactly("SUBMITTED", "APPROVED", "FAILED", "APPROVED", "COMMITTED");
		assertThat(committed.path("timeline").get(3).path("note").asText()).isEqualTo("Retried from step render");
		assertThat(api.post("/api/v1/requests/" + id + "/retry", "{\"onBehalfOf\": \"dave\"}").status()).isEqualTo(409);
	}

	private static Path exportWithoutTraefik() {
		try {
			Path export = Files.createTempDirectory("schemas-export-");
			Files.createDirectories(export.resolve("kubernetes"));
			Files.createDirectories(export.resolve("crds"));
			for (var file : new PathMatchingResourcePatternResolver().getResources("classpath*:haven/schemas/**/*.*")) {
				String path = file.getURL().toString();
				String relative = path.substring(path.indexOf("haven/schemas/") + "haven/schemas/".length());
				if ((relative.startsWith("kubernetes/") || relative.startsWith("crds/"))
						&& !relative.contains("traefik")) {
					try (InputStream in = file.getInputStream()) {
						Files.copy(in, export.resolve(relative));
					}
				}
			}
			return export;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void copy(String file) throws IOException {
		try (InputStream in = new ClassPathResource("haven/schemas/" + file).getInputStream()) {
			Files.copy(in, EXPORT.resolve(file));
		}
	}

}
