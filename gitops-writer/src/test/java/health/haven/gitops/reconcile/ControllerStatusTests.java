package health.haven.gitops.reconcile;

import java.time.Instant;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.LiveStatus;
import health.haven.provisioning.environment.ReconcileObserved;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Argo CD Applications and Flux Kustomizations, with status as the controllers write it,
 * read in the portal's words.
 */
class ControllerStatusTests {

	private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	private static final String A = "a".repeat(40);

	private static final String B = "b".repeat(40);

	@Test
	void anApplicationNotYetCreatedInTheClusterIsProgressing() {
		ReconcileObserved observed = argo("""
				sync: {status: OutOfSync, revision: %s}
				health: {status: Missing}
				""".formatted(A));
		assertThat(observed.team()).isEqualTo("finance");
		assertThat(observed.environment()).isEqualTo("erp-prod");
		assertThat(observed.status()).isEqualTo(LiveStatus.PROGRESSING);
		// out of sync: the revision compared is not applied yet
		assertThat(observed.appliedRevision()).isNull();
		assertThat(observed.attemptedRevision()).isEqualTo(A);
	}

	@Test
	void anApplicationSyncedAndHealthyAtARevisionIsHealthy() {
		ReconcileObserved observed = argo(
				"""
						sync: {status: Synced, revision: %s}
						health: {status: Healthy}
						operationState: {phase: Succeeded, message: successfully synced (all tasks run), syncResult: {revision: %s}}
						"""
					.formatted(A, A));
		assertThat(observed.status()).isEqualTo(LiveStatus.HEALTHY);
		assertThat(observed.appliedRevision()).isEqualTo(A);
		assertThat(observed.syncStatus()).isEqualTo("Synced");
		assertThat(observed.healthStatus()).isEqualTo("Healthy");
		assertThat(observed.operationPhase()).isEqualTo("Succeeded");
		assertThat(observed.message()).isNull();
	}

	@Test
	void aDegradedApplicationSaysWhatArgoCdSays() {
		ReconcileObserved observed = argo("""
				sync: {status: Synced, revision: %s}
				health: {status: Degraded, message: 'Deployment "odoo" exceeded its progress deadline'}
				""".formatted(A));
		assertThat(observed.status()).isEqualTo(LiveStatus.DEGRADED);
		assertThat(observed.message()).isEqualTo("Deployment \"odoo\" exceeded its progress deadline");
		assertThat(observed.appliedRevision()).isEqualTo(A);
	}

	@Test
	void aFailedSyncOfANewerRevisionKeepsTheRevisionAppliedBefore() {
		ReconcileObserved observed = argo("""
				sync: {status: OutOfSync, revision: %s}
				health: {status: Healthy}
				operationState:
				  phase: Failed
				  message: 'one or more objects failed to apply, reason: admission webhook denied the request'
				  syncResult: {revision: %s}
				history: [{id: 0, revision: %s}]
				""".formatted(B, B, A));
		assertThat(observed.status()).isEqualTo(LiveStatus.SYNC_FAILED);
		assertThat(observed.message()).contains("admission webhook denied");
		assertThat(observed.appliedRevision()).isEqualTo(A);
		assertThat(observed.attemptedRevision()).isEqualTo(B);
	}

	@Test
	void anErrorConditionIsAFailureWhateverTheHealthSays() {
		ReconcileObserved observed = argo("""
				sync: {status: Unknown}
				health: {status: Healthy}
				conditions:
				  - {type: ComparisonError, message: 'rpc error: repository not accessible'}
				  - {type: OrphanedResourceWarning, message: 'one orphaned resource'}
				""");
		assertThat(observed.status()).isEqualTo(LiveStatus.SYNC_FAILED);
		assertThat(observed.message()).isEqualTo("ComparisonError: rpc error: repository not accessible");
		assertThat(observed.conditions()).hasSize(2);
	}

	@Test
	void aSuspendedApplicationIsSuspended() {
		assertThat(argo("""
				sync: {status: Synced, revision: %s}
				health: {status: Suspended, message: Deployment is paused}
				""".formatted(A)).status()).isEqualTo(LiveStatus.SUSPENDED);
	}

	@Test
	void aReadyKustomizationIsHealthyAtItsLastAppliedRevision() {
		ReconcileObserved observed = flux(2, 2,
				"""
						lastAppliedRevision: main@sha1:%s
						lastAttemptedRevision: main@sha1:%s
						conditions:
						  - {type: Ready, status: 'True', reason: ReconciliationSucceeded, message: 'Applied revision: main@sha1:%s'}
						  - {type: Healthy, status: 'True', reason: HealthCheckSucceeded, message: Health check passed}
						"""
					.formatted(A, A, A));
		assertThat(observed.controller()).isEqualTo(GitOpsController.FLUX);
		assertThat(observed.status()).isEqualTo(LiveStatus.HEALTHY);
		assertThat(observed.appliedRevision()).isEqualTo(A);
		assertThat(observed.syncStatus()).isEqualTo("Ready=True (ReconciliationSucceeded)");
		assertThat(observed.healthStatus()).isEqualTo("True");
	}

	@Test
	void aKustomizationWhoseHealthCheckFailsIsDegraded() {
		ReconcileObserved observed = flux(1, 1,
				"""
						lastAppliedRevision: main@sha1:%s
						lastAttemptedRevision: main@sha1:%s
						conditions:
						  - {type: Ready, status: 'False', reason: HealthCheckFailed, message: 'timeout waiting for: [Deployment/odoo status: InProgress]'}
						"""
					.formatted(A, A));
		assertThat(observed.status()).isEqualTo(LiveStatus.DEGRADED);
		assertThat(observed.message()).startsWith("HealthCheckFailed: timeout waiting for");
	}

	@Test
	void aKustomizationThatCannotBuildTheNewRevisionFailedItsSync() {
		ReconcileObserved observed = flux(3, 3,
				"""
						lastAppliedRevision: main@sha1:%s
						lastAttemptedRevision: main@sha1:%s
						conditions:
						  - {type: Ready, status: 'False', reason: BuildFailed, message: 'kustomize build failed: missing resource'}
						"""
					.formatted(A, B));
		assertThat(observed.status()).isEqualTo(LiveStatus.SYNC_FAILED);
		assertThat(observed.appliedRevision()).isEqualTo(A);
		assertThat(observed.attemptedRevision()).isEqualTo(B);
		assertThat(observed.message()).isEqualTo("BuildFailed: kustomize build failed: missing resource");
	}

	@Test
	void aKustomizationNotYetReconciledForItsGenerationIsProgressing() {
		assertThat(flux(4, 3, """
				lastAppliedRevision: main@sha1:%s
				conditions:
				  - {type: Ready, status: 'True', reason: ReconciliationSucceeded, message: Applied}
				""".formatted(A)).status()).isEqualTo(LiveStatus.PROGRESSING);
		assertThat(flux(1, 1, """
				conditions:
				  - {type: Ready, status: Unknown, reason: Progressing, message: Reconciliation in progress}
				  - {type: Reconciling, status: 'True', reason: Progressing, message: Reconciliation in progress}
				""").status()).isEqualTo(LiveStatus.PROGRESSING);
	}

	@Test
	void readsEveryFormOfAFluxRevision() {
		assertThat(ControllerStatus.fluxRevision("main@sha1:" + A)).isEqualTo(A);
		assertThat(ControllerStatus.fluxRevision("feature/x@sha1:" + A)).isEqualTo(A);
		assertThat(ControllerStatus.fluxRevision("sha1:" + A)).isEqualTo(A);
		assertThat(ControllerStatus.fluxRevision("main/" + A)).isEqualTo(A);
		assertThat(ControllerStatus.fluxRevision("v1.0.1@sha256:abc")).isNull();
		assertThat(ControllerStatus.fluxRevision(null)).isNull();
	}

	@Test
	void anObjectWithoutTheEnvironmentsLabelsIsNoReport() {
		GenericKubernetesResource unlabelled = Serialization.unmarshal("""
				apiVersion: argoproj.io/v1alpha1
				kind: Application
				metadata: {name: other, namespace: argocd}
				""", GenericKubernetesResource.class);
		assertThat(ControllerStatus.read(GitOpsController.ARGO_CD, unlabelled, NOW)).isEmpty();
	}

	private static ReconcileObserved argo(String status) {
		return ControllerStatus.read(GitOpsController.ARGO_CD, Serialization.unmarshal("""
				apiVersion: argoproj.io/v1alpha1
				kind: Application
				metadata:
				  name: odoo-finance-erp-prod
				  namespace: argocd
				  labels: {haven.health/team: finance, haven.health/environment: erp-prod}
				status:
				%s""".formatted(status.indent(2)), GenericKubernetesResource.class), NOW).orElseThrow();
	}

	private static ReconcileObserved flux(long generation, long observedGeneration, String status) {
		return ControllerStatus
			.read(GitOpsController.FLUX, Serialization.unmarshal("""
					apiVersion: kustomize.toolkit.fluxcd.io/v1
					kind: Kustomization
					metadata:
					  name: odoo-finance-erp-prod
					  namespace: flux-system
					  generation: %d
					  labels: {haven.health/team: finance, haven.health/environment: erp-prod}
					status:
					  observedGeneration: %d
					%s""".formatted(generation, observedGeneration, status.indent(2)), GenericKubernetesResource.class),
					NOW)
			.orElseThrow();
	}

}
