package health.haven.gitops.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import health.haven.gitops.render.ClusterSettings;
import health.haven.gitops.PublishedEvents;
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.LiveStatus;
import health.haven.provisioning.environment.ReconcileConnectionLost;
import health.haven.provisioning.environment.ReconcileObserved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracker against a mock API server in CRUD mode, where the test plays Argo CD and
 * Flux: objects created, their status written as the controllers write it, the server
 * stopped under a running watch.
 */
class ReconcileTrackerIntegrationTests {

	private static final String A = "a".repeat(40);

	private static final String B = "b".repeat(40);

	private static final ReconcileSettings SETTINGS = new ReconcileSettings("unused", null, Duration.ofMillis(300),
			Duration.ofMillis(100), Duration.ofMillis(800));

	private final PublishedEvents events = new PublishedEvents();

	private ReconcileTracker tracker;

	private MockCluster cluster;

	// the tracker stops before the cluster does, as the portal's watches stop before
	// anything else
	@AfterEach
	void stop() {
		if (this.tracker != null) {
			this.tracker.lost();
		}
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void followsAnArgoCdApplicationFromProgressingToHealthyThenDegradedAndAFailedSync() {
		MockCluster cluster = cluster();
		start(cluster.client(), ClusterSettings.none());
		cluster.create(application("odoo-finance-erp-prod", "finance", "erp-prod"));
		awaitStatus(LiveStatus.PROGRESSING);

		cluster.status("Application", "argocd", "odoo-finance-erp-prod",
				Map.of("sync", Map.of("status", "Synced", "revision", A), "health", Map.of("status", "Healthy"),
						"operationState", Map.of("phase", "Succeeded", "syncResult", Map.of("revision", A))));
		awaitStatus(LiveStatus.HEALTHY);
		assertThat(last().appliedRevision()).isEqualTo(A);

		cluster.status("Application", "argocd", "odoo-finance-erp-prod",
				Map.of("sync", Map.of("status", "Synced", "revision", A), "health",
						Map.of("status", "Degraded", "message", "Deployment \"odoo\" exceeded its progress deadline")));
		awaitStatus(LiveStatus.DEGRADED);

		cluster.status("Application", "argocd", "odoo-finance-erp-prod",
				Map.of("sync", Map.of("status", "OutOfSync", "revision", B), "health", Map.of("status", "Healthy"),
						"operationState", Map.of("phase", "Failed", "message", "one or more objects failed to apply",
								"syncResult", Map.of("revision", B))));
		awaitStatus(LiveStatus.SYNC_FAILED);
		assertThat(last().attemptedRevision()).isEqualTo(B);

		// several resyncs handed the same states over again meanwhile: each state was
		// published once
		assertThat(this.events.of(ReconcileObserved.class)).extracting(ReconcileObserved::status)
			.containsExactly(LiveStatus.PROGRESSING, LiveStatus.HEALTHY, LiveStatus.DEGRADED, LiveStatus.SYNC_FAILED);
	}

	@Test
	void followsAFluxKustomizationOnTheClustersConfiguredForFlux() {
		MockCluster cluster = cluster();
		start(cluster.client(), new ClusterSettings(List
			.of(new ClusterSettings.Cluster("shared-eu-west", GitOpsController.FLUX, "flux-system", null, null))));
		cluster
			.create("""
					apiVersion: kustomize.toolkit.fluxcd.io/v1
					kind: Kustomization
					metadata:
					  name: odoo-finance-erp-dev
					  namespace: flux-system
					  labels: {app.kubernetes.io/managed-by: haven, haven.health/team: finance, haven.health/environment: erp-dev}
					spec: {interval: 5m, path: ./environments/finance/erp-dev, prune: true, sourceRef: {kind: GitRepository, name: haven-gitops}}
					""");
		awaitStatus(LiveStatus.PROGRESSING);
		cluster.status("Kustomization", "flux-system", "odoo-finance-erp-dev",
				Map.of("observedGeneration", 1, "lastAppliedRevision", "main@sha1:" + A, "lastAttemptedRevision",
						"main@sha1:" + A, "conditions", List.of(Map.of("type", "Ready", "status", "True", "reason",
								"ReconciliationSucceeded", "message", "Applied revision: main@sha1:" + A))));
		awaitStatus(LiveStatus.HEALTHY);
		assertThat(last().controller()).isEqualTo(GitOpsController.FLUX);
		assertThat(last().appliedRevision()).isEqualTo(A);
	}

	@Test
	void aDeletedApplicationIsReportedAsAwaitingItsController() {
		MockCluster cluster = cluster();
		start(cluster.client(), ClusterSettings.none());
		cluster.create(application("odoo-finance-erp-prod", "finance", "erp-prod"));
		awaitStatus(LiveStatus.PROGRESSING);
		cluster.client()
			.genericKubernetesResources(ReconcileTracker.ARGO_APPLICATIONS)
			.inNamespace("argocd")
			.withName("odoo-finance-erp-prod")
			.delete();
		awaitStatus(LiveStatus.AWAITING_CONTROLLER);
		assertThat(last().message()).contains("argocd/odoo-finance-erp-prod was deleted");
	}

	@Test
	void ignoresObjectsThatNameNoEnvironment() {
		MockCluster cluster = cluster();
		start(cluster.client(), ClusterSettings.none());
		cluster.create("""
				apiVersion: argoproj.io/v1alpha1
				kind: Application
				metadata:
				  name: not-an-environment
				  namespace: argocd
				  labels: {app.kubernetes.io/managed-by: haven}
				spec: {project: default, source: {repoURL: 'https://x', path: y}, destination: {name: in-cluster}}
				""");
		cluster.create(application("odoo-finance-erp-prod", "finance", "erp-prod"));
		awaitStatus(LiveStatus.PROGRESSING);
		assertThat(this.events.of(ReconcileObserved.class)).extracting(ReconcileObserved::environment)
			.containsOnly("erp-prod");
	}

	@Test
	void aDroppedWatchMakesTheEnvironmentsUnknownNeverStale() {
		MockCluster cluster = cluster();
		start(cluster.client(), ClusterSettings.none());
		cluster.create(application("odoo-finance-erp-prod", "finance", "erp-prod"));
		cluster.status("Application", "argocd", "odoo-finance-erp-prod",
				Map.of("sync", Map.of("status", "Synced", "revision", A), "health", Map.of("status", "Healthy")));
		awaitStatus(LiveStatus.HEALTHY);
		Instant beforeTheDrop = Instant.now();
		cluster.stop();
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.events.of(ReconcileConnectionLost.class).isEmpty());
		ReconcileConnectionLost lost = this.events.of(ReconcileConnectionLost.class).get(0);
		assertThat(lost.controller()).isEqualTo(GitOpsController.ARGO_CD);
		assertThat(lost.since()).isAfterOrEqualTo(beforeTheDrop.minusSeconds(1));
		assertThat(lost.reason()).contains("No news from the cluster since", "is down");
	}

	@Test
	void aClusterThatCannotBeReachedAtStartMakesItsEnvironmentsUnknown() {
		KubernetesClient away = new KubernetesClientBuilder()
			.withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:9").withRequestTimeout(500).build())
			.build();
		Instant start = Instant.now();
		start(away, new ClusterSettings(
				List.of(new ClusterSettings.Cluster("dedicated-eu-west", GitOpsController.FLUX, null, null, null))));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.events.of(ReconcileConnectionLost.class).size() >= 1);
		assertThat(this.events.of(ReconcileConnectionLost.class)).anySatisfy((lost) -> {
			assertThat(lost.controller()).isEqualTo(GitOpsController.FLUX);
			assertThat(lost.clusters()).containsExactly("dedicated-eu-west");
			assertThat(lost.since()).isBetween(start.minusSeconds(1), Instant.now());
		});
		this.tracker.lost();
		away.close();
	}

	private MockCluster cluster() {
		this.cluster = MockCluster.start();
		return this.cluster;
	}

	private void start(KubernetesClient client, ClusterSettings clusters) {
		this.tracker = new ReconcileTracker(new KubernetesClients((context) -> client),
				new ReconcileTargets(SETTINGS, clusters), new ReconcileReports(this.events::publish), SETTINGS,
				Clock.systemUTC());
		this.tracker.acquired();
	}

	private void awaitStatus(LiveStatus status) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> !this.events.of(ReconcileObserved.class).isEmpty() && last().status() == status);
	}

	private ReconcileObserved last() {
		List<ReconcileObserved> observed = this.events.of(ReconcileObserved.class);
		return observed.get(observed.size() - 1);
	}

	static String application(String name, String team, String environment) {
		return """
				apiVersion: argoproj.io/v1alpha1
				kind: Application
				metadata:
				  name: %s
				  namespace: argocd
				  labels: {app.kubernetes.io/managed-by: haven, haven.health/team: %s, haven.health/environment: %s}
				spec:
				  project: haven-%s
				  source: {repoURL: 'https://git.example/gitops.git', targetRevision: main, path: environments/%s/%s}
				  destination: {name: shared-eu-west, namespace: %s}
				""".formatted(name, team, environment, team, team, environment, name);
	}

}
