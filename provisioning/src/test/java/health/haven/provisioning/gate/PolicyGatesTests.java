package health.haven.provisioning.gate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each gate on small hand-written manifests; the manifests the catalog's renderer writes
 * pass them all (GitOpsWriterIntegrationTests and the API's tests).
 */
class PolicyGatesTests {

	private static final String DIGEST = "@sha256:" + "a".repeat(64);

	private final PolicyGates gates = new PolicyGates(GateProperties.defaults(),
			Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));

	@Test
	void aProductionEnvironmentAsTheRendererWritesItPassesEveryGate() {
		GateReport report = this.gates.check(subject("prod", Map.of("odooVersion", "17.0"), production(2, "prod")));
		assertThat(report.results()).extracting(GateResult::outcome).containsOnly(GateOutcome.PASS);
		assertThat(report.results()).extracting(GateResult::gate)
			.containsExactly("image-provenance", "configuration", "secrets-boundary", "production-baseline");
		assertThat(report.results().get(1).reason()).contains(
				"team finance with this environment: 1 of 20 environments", "1.5 of 64 CPU cores",
				"60 of 10000 GiB storage");
	}

	@Test
	void productionNeedsTwoReplicasAndTheRestOfTheBaselineElsewhereItIsAWarning() {
		Map<String, String> oneReplica = production(1, "prod");
		oneReplica.put("environments/finance/erp/config.yaml", """
				apiVersion: v1
				kind: ConfigMap
				metadata: {name: odoo}
				data: {odoo.conf: "list_db = True"}
				""");
		GateReport prod = this.gates.check(subject("prod", Map.of(), oneReplica));
		assertThat(prod.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.gate()).isEqualTo("production-baseline");
			assertThat(failure.reason()).contains("Odoo runs 1 replica(s), at least 2 are needed");
		});
		oneReplica.putAll(production(1, "staging"));
		oneReplica.remove("environments/finance/erp/config.yaml");
		GateReport staging = this.gates.check(subject("staging", Map.of(), oneReplica));
		assertThat(staging.passed()).isTrue();
		assertThat(staging.results().get(3).outcome()).isEqualTo(GateOutcome.WARN);
		assertThat(staging.results().get(3).reason()).startsWith("Would not pass in prod: Odoo runs 1 replica(s)");

		Map<String, String> bare = new HashMap<>(Map.of("environments/finance/erp/deployment.yaml",
				deployment(2, "registry.haven.example/mirror/odoo:17.0" + DIGEST, false)));
		assertThat(this.gates.check(subject("prod", Map.of(), bare)).failures().get(0).reason()).contains(
				"no scheduled database backups", "not every route is served over TLS",
				"the admin paths /web/database/* are not restricted", "odoo.conf does not set list_db = False",
				"container odoo of odoo lacks resource requests or limits");
	}

	@Test
	void imagesComeFromAnApprovedRegistryAndArePinnedWhereTheClassDemands() {
		Map<String, String> files = production(2, "prod");
		files.put("environments/finance/erp/deployment.yaml", deployment(2, "docker.io/library/odoo:17.0", true));
		GateReport prod = this.gates.check(subject("prod", Map.of(), files));
		assertThat(prod.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.gate()).isEqualTo("image-provenance");
			assertThat(failure.reason()).contains("docker.io/library/odoo:17.0 is not from an approved registry",
					"docker.io/library/odoo:17.0 is not pinned by digest, as prod requires");
		});
		files = production(2, "dev");
		files.put("environments/finance/erp/deployment.yaml",
				deployment(2, "registry.haven.example/mirror/odoo:17.0", true));
		GateReport dev = this.gates.check(subject("dev", Map.of(), files));
		assertThat(dev.passed()).isTrue();
		assertThat(dev.results().get(0).outcome()).isEqualTo(GateOutcome.WARN);
		files.putAll(production(2, "staging"));
		files.put("environments/finance/erp/deployment.yaml",
				deployment(2, "registry.haven.example/mirror/odoo:17.0", true));
		assertThat(this.gates.check(subject("staging", Map.of(), files)).failures()).extracting(GateResult::gate)
			.containsExactly("image-provenance");
	}

	@Test
	void aValueThatLooksLikeASecretIsRefused() {
		for (String secret : List.of("-----BEGIN RSA PRIVATE KEY-----\nMIIE", "AKIAIOSFODNN7EXAMPLE",
				"ghp_" + "a1B2".repeat(10), "xoxb-1234567890-abcdefghij",
				"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl", "password=Sommer2026!")) {
			GateReport report = this.gates
				.check(subject("dev", Map.of("notes", List.of("fine", secret)), production(2, "dev")));
			assertThat(report.failures()).as(secret).singleElement().satisfies((failure) -> {
				assertThat(failure.gate()).isEqualTo("secrets-boundary");
				assertThat(failure.reason()).startsWith("parameters.notes[1] looks like");
			});
		}
		GateReport field = this.gates.check(subject("dev", Map.of("smtpPassword", "hunter22"), production(2, "dev")));
		assertThat(field.failures().get(0).reason()).startsWith("parameters.smtpPassword is a password-like field");
		assertThat(this.gates.check(subject("dev", Map.of("notes", "A ticket about tokens"), production(2, "dev")))
			.passed()).isTrue();
	}

	@Test
	void secretsAreReferencesIntoTheClassesOwnStoreOnly() {
		Map<String, String> files = production(2, "prod");
		files.put("environments/finance/erp/external-secret.yaml", externalSecret("vault-dev"));
		files.put("environments/finance/erp/secret.yaml", """
				apiVersion: v1
				kind: Secret
				metadata: {name: leaked}
				stringData: {password: x}
				""");
		GateReport report = this.gates.check(subject("prod", Map.of(), files));
		assertThat(report.failures()).singleElement()
			.satisfies((failure) -> assertThat(failure.reason()).contains("Secret leaked holds plain values",
					"ExternalSecret odoo-admin reads store 'vault-dev', not " + "prod's own store 'vault-prod'"));
	}

	@Test
	void theTeamsQuotaCountsItsOtherEnvironmentsAndWarnsWhenNearlyFull() {
		GateProperties small = new GateProperties(List.of("registry.haven.example"), List.of("staging", "prod"),
				new GateProperties.Quota(20, 64, 256, 10000),
				Map.of("finance", new GateProperties.Quota(3, 4, 256, 100)));
		PolicyGates gates = new PolicyGates(small, Clock.systemUTC());
		GateSubject.TeamUsage others = new GateSubject.TeamUsage(2, new Footprint(2000, 1024, 50));
		GateReport full = gates.check(new GateSubject("odoo@1", "finance", "erp", "prod", settings(), Map.of(),
				Manifests.read(production(2, "prod")), others, false));
		assertThat(full.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.gate()).isEqualTo("configuration");
			assertThat(failure.reason()).startsWith("Over the team's quota: storage 110 GiB of 100 GiB")
				.doesNotContain("environments 3");
		});
		GateSubject.TeamUsage fewer = new GateSubject.TeamUsage(2, new Footprint(500, 1024, 10));
		GateReport near = gates.check(new GateSubject("odoo@1", "finance", "erp", "prod", settings(), Map.of(),
				Manifests.read(production(2, "prod")), fewer, false));
		assertThat(near.passed()).isTrue();
		assertThat(near.results().get(1).outcome()).isEqualTo(GateOutcome.WARN);
		assertThat(near.results().get(1).reason()).contains("near the quota: environments 3 of 3");
		GateReport removal = gates
			.check(new GateSubject("odoo@1", "finance", "erp", "prod", settings(), Map.of(), null, others, true));
		assertThat(removal.results()).extracting(GateResult::outcome).containsOnly(GateOutcome.PASS);
	}

	private static GateSubject subject(String environmentClass, Map<String, Object> parameters,
			Map<String, String> files) {
		return new GateSubject("odoo-dedicated@1", "finance", "erp", environmentClass, settings(), parameters,
				Manifests.read(files), GateSubject.TeamUsage.NONE, false);
	}

	private static Map<String, Object> settings() {
		return Map.of("secretStores", Map.of("dev", "vault-dev", "staging", "vault-staging", "prod", "vault-prod"));
	}

	/**
	 * An environment as the renderer writes one, in brief: Odoo behind TLS with its admin
	 * paths on the allow-list, a database with backups, a secret reference.
	 */
	private static Map<String, String> production(int replicas, String environmentClass) {
		Map<String, String> files = new HashMap<>();
		String folder = "environments/finance/erp/";
		files.put(folder + "deployment.yaml",
				deployment(replicas, "registry.haven.example/mirror/odoo:17.0" + DIGEST, true));
		files.put(folder + "database.yaml", """
				apiVersion: postgresql.cnpg.io/v1
				kind: Cluster
				metadata: {name: db}
				spec:
				  instances: 2
				  imageName: registry.haven.example/mirror/postgresql:17%s
				  storage: {size: 20Gi}
				  resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {memory: 1Gi}}
				  plugins: [{name: barman-cloud.cloudnative-pg.io, isWALArchiver: true}]
				---
				apiVersion: postgresql.cnpg.io/v1
				kind: ScheduledBackup
				metadata: {name: db-nightly}
				spec: {schedule: "0 0 2 * * *", cluster: {name: db}}
				""".formatted(DIGEST));
		files.put(folder + "filestore.yaml", """
				apiVersion: v1
				kind: PersistentVolumeClaim
				metadata: {name: filestore}
				spec: {resources: {requests: {storage: 20Gi}}}
				""");
		files.put(folder + "ingress-route.yaml",
				"""
						apiVersion: traefik.io/v1alpha1
						kind: IngressRoute
						metadata: {name: odoo}
						spec:
						  routes:
						    - {match: "Host(`erp`) && PathPrefix(`/web/database`)", kind: Rule, middlewares: [{name: admin-allow-list}]}
						    - {match: "Host(`erp`)", kind: Rule}
						  tls: {secretName: odoo-tls}
						---
						apiVersion: cert-manager.io/v1
						kind: Certificate
						metadata: {name: odoo}
						spec: {secretName: odoo-tls}
						""");
		files.put(folder + "odoo-conf.yaml", """
				apiVersion: external-secrets.io/v1
				kind: ExternalSecret
				metadata: {name: odoo-conf}
				spec:
				  secretStoreRef: {name: vault-%s, kind: ClusterSecretStore}
				  target: {template: {data: {odoo.conf: "[options]\\nlist_db = False\\n"}}}
				""".formatted(environmentClass));
		return files;
	}

	private static String deployment(int replicas, String image, boolean resources) {
		return """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: odoo}
				spec:
				  replicas: %d
				  template:
				    spec:
				      containers:
				        - name: odoo
				          image: %s
				          ports: [{containerPort: 8069}]
				%s
				""".formatted(replicas, image, resources
				? "          resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: '1', memory: 1Gi}}" : "");
	}

	private static String externalSecret(String store) {
		return """
				apiVersion: external-secrets.io/v1
				kind: ExternalSecret
				metadata: {name: odoo-admin}
				spec: {secretStoreRef: {name: %s, kind: ClusterSecretStore}}
				""".formatted(store);
	}

}
