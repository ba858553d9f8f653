package health.haven.gitops.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.Placement;
import health.haven.provisioning.gate.GateProperties;
import health.haven.provisioning.gate.GateSubject;
import health.haven.provisioning.gate.Manifests;
import health.haven.provisioning.gate.PolicyGates;
import health.haven.provisioning.request.RequestApproved;
import health.haven.provisioning.request.Ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OdooManifestRendererTests {

	private static final UUID PROD_ID = UUID.fromString("3f1c2a7e-5d8b-4c1e-9a0f-123456789abc");

	private static final UUID DEV_ID = UUID.fromString("0b7d9e21-8c4a-4f3b-a6e2-fedcba987654");

	private static final UUID STAGING_ID = UUID.fromString("5a0e4c11-2b7d-4e8f-9c1a-0d2e3f4a5b6c");

	private static final Destination DESTINATION = new Destination("https://git.haven.example/platform/gitops.git",
			"main");

	// the shared cluster applied by Flux, reading the repository with the credentials of
	// a Secret the platform team keeps there
	private static final Destination FLUX = new Destination("https://git.haven.example/platform/gitops.git", "main",
			new ClusterSettings(List.of(new ClusterSettings.Cluster("shared-eu-west", GitOpsController.FLUX,
					"flux-system", null, "haven-gitops-auth"))));

	private static final String HOSTILE = "CHG1\nkind: Secret\n---\napiVersion: v1\n\"quoted\": {x: [1]}";

	private static ManifestValidator validator;

	private final OdooManifestRenderer renderer = new OdooManifestRenderer();

	@BeforeAll
	static void loadSchemas() throws IOException {
		validator = new ManifestValidator(TestSchemas.builtIn());
	}

	@Test
	void rendersDedicatedProductionAsInTheGoldenFiles() throws IOException {
		assertMatchesGolden(dedicatedProd(), "odoo-dedicated-prod");
	}

	@Test
	void rendersSharedDevelopmentAsInTheGoldenFiles() throws IOException {
		assertMatchesGolden(sharedDev(), "odoo-multitenant-dev");
	}

	@Test
	void rendersSharedStagingOnAFluxClusterAsInTheGoldenFiles() throws IOException {
		assertMatchesGolden(sharedStagingOnFlux(), "odoo-multitenant-staging-flux");
	}

	@Test
	void everyRenderedObjectIsValidAgainstTheUpstreamSchemasStrictly() {
		for (RenderedEnvironment rendered : List.of(dedicatedProd(), sharedDev(), sharedStagingOnFlux())) {
			assertThat(validator.problems(rendered)).as(rendered.environmentPath()).isEmpty();
		}
	}

	@Test
	void dedicatedProductionScalesWithItsLoadAndKeepsSessionsInRedis() {
		RenderedEnvironment rendered = dedicatedProd();
		String folder = "environments/finance/finance-prod/";
		ObjectNode autoscaler = rendered.files().get(folder + "autoscaler.yaml");
		assertThat(autoscaler.at("/spec/minReplicas").asInt()).isEqualTo(2);
		assertThat(autoscaler.at("/spec/maxReplicas").asInt()).isEqualTo(4);
		// the autoscaler sets the replicas; GitOps would fight it otherwise
		assertThat(rendered.files().get(folder + "deployment.yaml").at("/spec").has("replicas")).isFalse();
		// a primary and two replicas for prod, reached only by Odoo and each other
		assertThat(rendered.files().get(folder + "redis.yaml").at("/spec/replicas").asInt()).isEqualTo(1);
		assertThat(rendered.files().get(folder + "redis-replicas.yaml").at("/spec/replicas").asInt()).isEqualTo(2);
		assertThat(rendered.files().get(folder + "network-policy-odoo.yaml").at("/spec/egress/1/ports/0/port").asInt())
			.isEqualTo(6379);
		assertThat(
				rendered.files().get(folder + "deployment.yaml").at("/spec/template/spec/containers/0/env").toString())
			.contains("ODOO_SESSION_REDIS_PASSWORD", "redis-credentials")
			.doesNotContain("\"value\":\"{{");
		assertThat(rendered.files().get(folder + "redis-credentials.yaml").path("kind").asText())
			.isEqualTo("ExternalSecret");
		assertThat(OdooSecrets.odooConf(environment(ApprovedRequests.prod(PROD_ID), DESTINATION)))
			.contains("server_wide_modules = base,web,session_redis");
		// the shared item has neither
		assertThat(sharedDev().files().keySet())
			.noneMatch((path) -> path.contains("redis") || path.contains("autoscaler"));
	}

	@Test
	void limitsRequestsPerClientAndSignInsMoreTightly() {
		ObjectNode route = sharedDev().files().get("environments/finance/finance-dev/ingress-route.yaml");
		assertThat(route.at("/spec/routes/2/match").asText()).endsWith("&& Path(`/web/login`)");
		assertThat(route.at("/spec/routes/2/middlewares").toString()).contains("login-rate-limit");
		assertThat(route.at("/spec/routes/3/middlewares").toString()).contains("\"rate-limit\"");
	}

	@Test
	void givesEachTeamAnArgoCdProjectThatReachesOnlyItsNamespacesAndTheRepository() {
		RenderedEnvironment rendered = sharedDev();
		ObjectNode project = rendered.files().get("clusters/shared-eu-west/projects/finance.yaml");
		assertThat(project.at("/metadata/name").asText()).isEqualTo("haven-finance-shared-eu-west");
		assertThat(project.at("/spec/sourceRepos/0").asText())
			.isEqualTo("https://git.haven.example/platform/gitops.git");
		assertThat(project.at("/spec/destinations/0/namespace").asText()).isEqualTo("odoo-finance-*");
		assertThat(rendered.files()
			.get("clusters/shared-eu-west/teams/finance/finance-dev.yaml")
			.at("/spec/project")
			.asText()).isEqualTo("haven-finance-shared-eu-west");
		assertThat(rendered.placement().controller()).isEqualTo(GitOpsController.ARGO_CD);
	}

	@Test
	void movesTheControllerObjectOutOfTheEarlierLayoutAndRemovesOnlyWhatIsTheEnvironmentsOwn() {
		RenderedEnvironment argo = sharedDev();
		// a create or an update removes the controller object where Haven put it before
		Map<String, byte[]> change = argo.asChange();
		assertThat(change).containsEntry("clusters/shared-eu-west/finance-finance-dev.yaml", null);
		assertThat(change.get("clusters/shared-eu-west/teams/finance/finance-dev.yaml")).isNotNull();
		// a decommission removes the folder's controller object at both places, and
		// keeps the team's AppProject, which the team's other environments use
		assertThat(argo.asRemoval()).containsOnlyKeys("clusters/shared-eu-west/teams/finance/finance-dev.yaml",
				"clusters/shared-eu-west/finance-finance-dev.yaml");
		assertThat(argo.asRemoval().values()).containsOnlyNulls();
		// on Flux the cluster's GitRepository stays, which every Kustomization reads from
		assertThat(sharedStagingOnFlux().asRemoval()).containsOnlyKeys(
				"clusters/shared-eu-west/teams/finance/finance-staging.yaml",
				"clusters/shared-eu-west/finance-finance-staging.yaml");
	}

	@Test
	void onAFluxClusterAppliesTheFolderWithAKustomizationThatWaitsForHealth() {
		RenderedEnvironment rendered = sharedStagingOnFlux();
		ObjectNode kustomization = rendered.files().get("clusters/shared-eu-west/teams/finance/finance-staging.yaml");
		assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
		assertThat(kustomization.at("/spec/wait").asBoolean()).isTrue();
		assertThat(kustomization.at("/spec/path").asText()).isEqualTo("./environments/finance/finance-staging");
		ObjectNode source = rendered.files().get("clusters/shared-eu-west/haven-gitops.yaml");
		assertThat(source.at("/spec/secretRef/name").asText()).isEqualTo("haven-gitops-auth");
		assertThat(rendered.placement()).isEqualTo(
				new Placement("shared-eu-west", GitOpsController.FLUX, "flux-system", "odoo-finance-finance-staging"));
		assertThat(rendered.files().keySet()).noneMatch((path) -> path.contains("projects/"));
	}

	@Test
	void everyRenderedSetBuildsWithKustomize(@TempDir Path repository) throws Exception {
		for (RenderedEnvironment rendered : List.of(dedicatedProd(), sharedDev(), sharedStagingOnFlux())) {
			Path root = Files.createDirectories(repository.resolve(rendered.environmentPath().replace('/', '-')));
			List<JsonNode> built = RenderedManifests.kustomize(RenderedManifests.write(rendered, root));
			long resources = rendered.files()
				.keySet()
				.stream()
				.filter((path) -> path.startsWith(rendered.environmentPath()) && !path.endsWith("/kustomization.yaml"))
				.count();
			assertThat(built).hasSize((int) resources);
			String namespace = "odoo-"
					+ rendered.environmentPath().substring("environments/".length()).replace('/', '-');
			assertThat(built).allSatisfy((object) -> assertThat(
					object.path("metadata").path("namespace").asText(object.path("metadata").path("name").asText()))
				.isEqualTo(namespace));
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
		RenderedEnvironment rendered = withHostileValues();
		byte[] yaml = rendered.asYaml().get("environments/finance/finance-prod/middleware-admin-allow-list.yaml");
		JsonNode readBack = ManifestYaml.read(yaml);
		assertThat(readBack.path("kind").asText()).isEqualTo("Middleware");
		assertThat(readBack.at("/spec/ipAllowList/sourceRange/0").asText()).isEqualTo(HOSTILE);
		assertThat(new String(yaml)).doesNotContain("\nkind: Secret");
	}

	/**
	 * The policy gates before the commit read the objects the YAML was written from, not
	 * the YAML again: those objects are what reading the committed YAML gives, so the
	 * gates decide alike, in every class.
	 */
	@Test
	void theGatesReadInTheRenderedObjectsWhatTheCommittedYamlHolds() {
		PolicyGates gates = new PolicyGates(GateProperties.defaults(), Clock.systemUTC());
		for (RenderedEnvironment rendered : List.of(dedicatedProd(), sharedDev(), sharedStagingOnFlux(),
				withHostileValues())) {
			Map<String, String> yaml = new TreeMap<>();
			rendered.asYaml().forEach((path, bytes) -> yaml.put(path, new String(bytes, StandardCharsets.UTF_8)));
			Manifests written = Manifests.written(yaml, rendered.files());
			Manifests read = Manifests.read(yaml);
			assertThat(written.objects()).hasSize(rendered.files().size()).isEqualTo(read.objects());
			for (String environmentClass : List.of("dev", "staging", "prod")) {
				assertThat(gates.check(subject(environmentClass, written)).results())
					.isEqualTo(gates.check(subject(environmentClass, read)).results());
			}
		}
	}

	private static GateSubject subject(String environmentClass, Manifests manifests) {
		return new GateSubject("odoo-dedicated@1", "finance", "erp", environmentClass,
				Map.of("secretStores", Map.of("dev", "vault-dev", "staging", "vault-staging", "prod", "vault-prod")),
				Map.of(), manifests, GateSubject.TeamUsage.NONE, false);
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
	 * Production with YAML structure in the ticket and in the allow-list.
	 */
	private RenderedEnvironment withHostileValues() {
		Map<String, Object> parameters = new HashMap<>(ApprovedRequests.prod(PROD_ID).parameters());
		parameters.put("odooVersion", "17.0");
		RequestApproved request = ApprovedRequests.approved(PROD_ID, "odoo-dedicated", "finance", "finance-prod",
				"prod", parameters, new Ticket("servicenow", HOSTILE, null), List.of("bob (APPROVER)"));
		return this.renderer.render(ApprovedRequests.withParameter(request, "adminAllowList", List.of(HOSTILE)),
				DESTINATION);
	}

	private RenderedEnvironment dedicatedProd() {
		return this.renderer.render(ApprovedRequests.prod(PROD_ID), DESTINATION);
	}

	private RenderedEnvironment sharedDev() {
		return this.renderer.render(ApprovedRequests.dev(DEV_ID, "finance-dev"), DESTINATION);
	}

	private RenderedEnvironment sharedStagingOnFlux() {
		RequestApproved staging = ApprovedRequests.approved(STAGING_ID, "odoo-multitenant", "finance",
				"finance-staging", "staging", ApprovedRequests.prod(STAGING_ID).parameters(), null,
				List.of("bob (APPROVER)"));
		return this.renderer.render(staging, FLUX);
	}

	private static OdooEnvironment environment(RequestApproved request, Destination destination) {
		return new OdooEnvironment(request, OdooSettings.of(request.templateSettings()), destination);
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
