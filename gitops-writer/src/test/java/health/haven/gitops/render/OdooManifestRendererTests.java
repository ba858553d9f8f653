package health.haven.gitops.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import health.haven.gitops.ApprovedRequests;
import health.haven.gitops.validate.ManifestValidator;
import health.haven.gitops.validate.TestSchemas;
import health.haven.provisioning.request.RequestApproved;
import health.haven.provisioning.request.Ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OdooManifestRendererTests {

	private static final UUID PROD_ID = UUID.fromString("3f1c2a7e-5d8b-4c1e-9a0f-123456789abc");

	private static final UUID DEV_ID = UUID.fromString("0b7d9e21-8c4a-4f3b-a6e2-fedcba987654");

	private static final Destination DESTINATION = new Destination("https://git.haven.example/platform/gitops.git",
			"main");

	private static ManifestValidator validator;

	private final OdooManifestRenderer renderer = new OdooManifestRenderer();

	@BeforeAll
	static void loadSchemas() throws IOException {
		validator = new ManifestValidator(TestSchemas.builtIn());
	}

	@Test
	void rendersProductionAsInTheGoldenFiles() throws IOException {
		assertMatchesGolden(this.renderer.render(ApprovedRequests.prod(PROD_ID), DESTINATION), "prod");
	}

	@Test
	void rendersDevelopmentAsInTheGoldenFiles() throws IOException {
		assertMatchesGolden(this.renderer.render(ApprovedRequests.dev(DEV_ID, "finance-dev"), DESTINATION), "dev");
	}

	@Test
	void everyRenderedObjectIsValidAgainstTheUpstreamSchemasStrictly() {
		assertThat(validator.problems(this.renderer.render(ApprovedRequests.prod(PROD_ID), DESTINATION))).isEmpty();
		assertThat(validator.problems(this.renderer.render(ApprovedRequests.dev(DEV_ID, "finance-dev"), DESTINATION)))
			.isEmpty();
	}

	@Test
	void everyRenderedSetBuildsWithKustomize(@TempDir Path repository) throws Exception {
		for (RequestApproved request : List.of(ApprovedRequests.prod(PROD_ID),
				ApprovedRequests.dev(DEV_ID, "finance-dev"))) {
			RenderedEnvironment rendered = this.renderer.render(request, DESTINATION);
			List<JsonNode> built = RenderedManifests.kustomize(RenderedManifests.write(rendered, repository));
			long resources = rendered.files()
				.keySet()
				.stream()
				.filter((path) -> path.startsWith(rendered.environmentPath()) && !path.endsWith("/kustomization.yaml"))
				.count();
			assertThat(built).hasSize((int) resources);
			assertThat(built).allSatisfy((object) -> assertThat(
					object.path("metadata").path("namespace").asText(object.path("metadata").path("name").asText()))
				.isEqualTo("odoo-finance-" + request.environment()));
		}
	}

	@Test
	void neverRendersAPlainSecretAndPinsEveryImageByDigest() {
		RenderedEnvironment rendered = this.renderer.render(ApprovedRequests.prod(PROD_ID), DESTINATION);
		assertThat(rendered.files().values()).noneMatch((tree) -> "Secret".equals(tree.path("kind").asText()));
		ObjectNode deployment = rendered.files().get("environments/finance/finance-prod/deployment.yaml");
		assertThat(deployment.at("/spec/template/spec/containers/0/image").asText()).matches(".+@sha256:[0-9a-f]{64}");
		ObjectNode database = rendered.files().get("environments/finance/finance-prod/database.yaml");
		assertThat(database.at("/spec/imageName").asText()).matches(".+@sha256:[0-9a-f]{64}");
		String odooConf = rendered.files()
			.get("environments/finance/finance-prod/odoo-config.yaml")
			.at("/spec/target/template/data")
			.path("odoo.conf")
			.asText();
		assertThat(odooConf).contains("list_db = False", "proxy_mode = True", "workers = 6",
				"admin_passwd = {{ .adminPasswd }}");
	}

	@Test
	void restrictsTheDatabaseManagerToTheAllowList() {
		RenderedEnvironment rendered = this.renderer.render(ApprovedRequests.prod(PROD_ID), DESTINATION);
		assertThat(rendered.files()
			.get("environments/finance/finance-prod/middleware-admin-allow-list.yaml")
			.at("/spec/ipAllowList/sourceRange")
			.valueStream()
			.map(JsonNode::asText)).containsExactly("10.20.0.0/16", "192.168.7.0/24");
		RenderedEnvironment dev = this.renderer.render(ApprovedRequests.dev(DEV_ID, "finance-dev"), DESTINATION);
		assertThat(dev.files()
			.get("environments/finance/finance-dev/middleware-admin-allow-list.yaml")
			.at("/spec/ipAllowList/sourceRange/0")
			.asText()).isEqualTo("127.0.0.1/32");
	}

	@Test
	void aValueCanNeverBecomeYamlStructure() {
		String hostile = "CHG1\nkind: Secret\n---\napiVersion: v1\n\"quoted\": {x: [1]}";
		Map<String, Object> parameters = new HashMap<>(ApprovedRequests.prod(PROD_ID).parameters());
		parameters.put("odooVersion", "17.0");
		RequestApproved request = ApprovedRequests.approved(PROD_ID, "odoo-dedicated", "finance", "finance-prod",
				"prod", parameters, new Ticket("servicenow", hostile, null), List.of("bob (APPROVER)"));
		RenderedEnvironment rendered = this.renderer
			.render(ApprovedRequests.withParameter(request, "adminAllowList", List.of(hostile)), DESTINATION);
		byte[] yaml = rendered.asYaml().get("environments/finance/finance-prod/middleware-admin-allow-list.yaml");
		JsonNode readBack = ManifestYaml.read(yaml);
		assertThat(readBack.path("kind").asText()).isEqualTo("Middleware");
		assertThat(readBack.at("/spec/ipAllowList/sourceRange/0").asText()).isEqualTo(hostile);
		assertThat(new String(yaml)).doesNotContain("\nkind: Secret");
	}

	@Test
	void refusesCatalogSettingsWithAnUnpinnedImage() {
		RequestApproved unpinned = ApprovedRequests.withSetting(ApprovedRequests.prod(PROD_ID), "postgresImage",
				"postgres:latest");
		assertThatExceptionOfType(RenderingException.class)
			.isThrownBy(() -> this.renderer.render(unpinned, DESTINATION))
			.withMessageContaining("pinned by digest");
	}

	/**
	 * Compares as YAML trees, so formatting may change but content may not. Run with
	 * {@code -Dhaven.golden.update=true} to write the files anew after an intended
	 * change, then review the diff.
	 */
	private static void assertMatchesGolden(RenderedEnvironment rendered, String name) throws IOException {
		Path golden = Path.of("src/test/resources/golden", name);
		if (Boolean.getBoolean("haven.golden.update")) {
			RenderedManifests.write(rendered, golden);
		}
		try (Stream<Path> files = Files.walk(golden)) {
			List<String> expected = files.filter(Files::isRegularFile)
				.map((file) -> golden.relativize(file).toString())
				.sorted()
				.toList();
			assertThat(rendered.files().keySet()).containsExactlyElementsOf(expected);
		}
		for (Map.Entry<String, byte[]> file : rendered.asYaml().entrySet()) {
			JsonNode expected = ManifestYaml.read(Files.readAllBytes(golden.resolve(file.getKey())));
			assertThat(ManifestYaml.read(file.getValue())).as(file.getKey()).isEqualTo(expected);
		}
	}

}
