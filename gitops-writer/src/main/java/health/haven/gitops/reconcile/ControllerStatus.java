package health.haven.gitops.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import health.haven.provisioning.environment.ControllerCondition;
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.LiveStatus;
import health.haven.provisioning.environment.ReconcileObserved;

/**
 * Reads a GitOps controller's object as the portal understands it: which environment it
 * is (by the labels the renderer put on it), which revision was applied and which tried,
 * and what that means ({@link LiveStatus}), with the controller's own words.
 *
 * <p>
 * Argo CD ({@code Application}): applied and healthy means {@code sync.status=Synced} at
 * the revision, {@code health.status=Healthy}, the last operation (if any) succeeded, and
 * no condition whose type ends in {@code Error}. Flux ({@code Kustomization}): the
 * {@code Ready} condition is {@code True} for the current generation, and
 * {@code lastAppliedRevision} ({@code main@sha1:<sha>}) is the revision.
 */
final class ControllerStatus {

	static final String TEAM_LABEL = "haven.health/team";

	static final String ENVIRONMENT_LABEL = "haven.health/environment";

	private ControllerStatus() {
	}

	/**
	 * The report the object makes, or nothing when it names no environment.
	 */
	static Optional<ReconcileObserved> read(GitOpsController controller, GenericKubernetesResource object,
			Instant observedAt) {
		Map<String, String> labels = object.getMetadata().getLabels();
		String team = (labels != null) ? labels.get(TEAM_LABEL) : null;
		String environment = (labels != null) ? labels.get(ENVIRONMENT_LABEL) : null;
		if (team == null || environment == null) {
			return Optional.empty();
		}
		return Optional.of(switch (controller) {
			case ARGO_CD -> argo(team, environment, object, observedAt);
			case FLUX -> flux(team, environment, object, observedAt);
		});
	}

	/**
	 * The report on an object that was deleted: the controller no longer applies the
	 * environment.
	 */
	static Optional<ReconcileObserved> deleted(GitOpsController controller, GenericKubernetesResource object,
			Instant observedAt) {
		return read(controller, object, observedAt).map((last) -> new ReconcileObserved(last.team(), last.environment(),
				controller, observedAt, LiveStatus.AWAITING_CONTROLLER, null, null, null, null, null,
				"The " + controller.displayName() + " object " + object.getMetadata().getNamespace() + "/"
						+ object.getMetadata().getName() + " was deleted",
				List.of()));
	}

	private static ReconcileObserved argo(String team, String environment, GenericKubernetesResource app,
			Instant observedAt) {
		String syncStatus = text(app, "status", "sync", "status");
		String syncRevision = text(app, "status", "sync", "revision");
		String health = text(app, "status", "health", "status");
		String healthMessage = text(app, "status", "health", "message");
		String phase = text(app, "status", "operationState", "phase");
		String operationMessage = text(app, "status", "operationState", "message");
		String operationRevision = text(app, "status", "operationState", "syncResult", "revision");
		List<ControllerCondition> conditions = conditions(app);
		Optional<ControllerCondition> error = conditions.stream()
			.filter((condition) -> condition.type() != null && condition.type().endsWith("Error"))
			.findFirst();

		// sync.revision is what the comparison used; it was applied only when in sync
		String applied = "Synced".equals(syncStatus) ? syncRevision
				: ("Succeeded".equals(phase) ? operationRevision : lastDeployed(app));
		String attempted = (operationRevision != null) ? operationRevision : syncRevision;
		boolean operationFailed = "Failed".equals(phase) || "Error".equals(phase);

		LiveStatus status;
		String message;
		if (error.isPresent()) {
			status = LiveStatus.SYNC_FAILED;
			message = error.get().type() + ": " + error.get().message();
		}
		else if (operationFailed) {
			status = LiveStatus.SYNC_FAILED;
			message = operationMessage;
		}
		else if ("Degraded".equals(health)) {
			status = LiveStatus.DEGRADED;
			message = healthMessage;
		}
		else if ("Suspended".equals(health)) {
			status = LiveStatus.SUSPENDED;
			message = healthMessage;
		}
		else if ("Synced".equals(syncStatus) && "Healthy".equals(health) && (phase == null || "Succeeded".equals(phase))
				&& Objects.equals(applied, syncRevision)) {
			status = LiveStatus.HEALTHY;
			message = null;
		}
		else {
			status = LiveStatus.PROGRESSING;
			message = firstNonNull(operationMessage, healthMessage);
		}
		return new ReconcileObserved(team, environment, GitOpsController.ARGO_CD, observedAt, status, sha(applied),
				sha(attempted), syncStatus, health, phase, message, conditions);
	}

	private static ReconcileObserved flux(String team, String environment, GenericKubernetesResource kustomization,
			Instant observedAt) {
		String applied = fluxRevision(text(kustomization, "status", "lastAppliedRevision"));
		String attempted = fluxRevision(text(kustomization, "status", "lastAttemptedRevision"));
		List<ControllerCondition> conditions = conditions(kustomization);
		Optional<ControllerCondition> ready = condition(conditions, "Ready");
		Optional<ControllerCondition> stalled = condition(conditions, "Stalled")
			.filter((condition) -> "True".equals(condition.status()));
		Optional<ControllerCondition> healthy = condition(conditions, "Healthy");
		Object observedGeneration = kustomization.get("status", "observedGeneration");
		Long generation = kustomization.getMetadata().getGeneration();
		boolean current = generation == null
				|| (observedGeneration instanceof Number number && number.longValue() >= generation);
		boolean suspended = Boolean.TRUE.equals(kustomization.get("spec", "suspend"));

		LiveStatus status;
		String message = ready.map(ControllerCondition::message).orElse(null);
		if (suspended) {
			status = LiveStatus.SUSPENDED;
			message = "Reconciliation is suspended (spec.suspend: true)";
		}
		else if (stalled.isPresent()) {
			status = LiveStatus.SYNC_FAILED;
			message = stalled.get().reason() + ": " + stalled.get().message();
		}
		else if (ready.isEmpty() || !current || "Unknown".equals(ready.get().status())) {
			status = LiveStatus.PROGRESSING;
		}
		else if ("True".equals(ready.get().status())) {
			status = LiveStatus.HEALTHY;
			message = null;
		}
		else if ("HealthCheckFailed".equals(ready.get().reason())) {
			status = LiveStatus.DEGRADED;
			message = ready.get().reason() + ": " + ready.get().message();
		}
		else if ("DependencyNotReady".equals(ready.get().reason())) {
			status = LiveStatus.PROGRESSING;
		}
		else {
			status = LiveStatus.SYNC_FAILED;
			message = ready.get().reason() + ": " + ready.get().message();
		}
		String readiness = ready
			.map((condition) -> "Ready=" + condition.status()
					+ ((condition.reason() != null) ? " (" + condition.reason() + ")" : ""))
			.orElse(null);
		return new ReconcileObserved(team, environment, GitOpsController.FLUX, observedAt, status, applied, attempted,
				readiness, healthy.map(ControllerCondition::status).orElse(null), null, message, conditions);
	}

	/**
	 * The commit a Flux revision names: {@code main@sha1:<sha>}, {@code sha1:<sha>}, or
	 * the format before the v1 API, {@code main/<sha>}.
	 */
	static String fluxRevision(String revision) {
		if (revision == null || revision.isBlank()) {
			return null;
		}
		String commit = revision.substring(revision.lastIndexOf('@') + 1);
		if (commit.startsWith("sha1:")) {
			commit = commit.substring("sha1:".length());
		}
		else if (commit.contains("/")) {
			commit = commit.substring(commit.lastIndexOf('/') + 1);
		}
		return sha(commit);
	}

	private static String lastDeployed(GenericKubernetesResource app) {
		Object history = app.get("status", "history");
		if (history instanceof List<?> entries && !entries.isEmpty()
				&& entries.get(entries.size() - 1) instanceof Map<?, ?> last
				&& last.get("revision") instanceof String r) {
			return r;
		}
		return null;
	}

	private static List<ControllerCondition> conditions(GenericKubernetesResource object) {
		List<ControllerCondition> conditions = new ArrayList<>();
		if (object.get("status", "conditions") instanceof List<?> entries) {
			for (Object entry : entries) {
				if (entry instanceof Map<?, ?> map) {
					conditions.add(new ControllerCondition(string(map.get("type")), string(map.get("status")),
							string(map.get("reason")), string(map.get("message"))));
				}
			}
		}
		return conditions;
	}

	private static Optional<ControllerCondition> condition(List<ControllerCondition> conditions, String type) {
		return conditions.stream().filter((condition) -> type.equals(condition.type())).findFirst();
	}

	private static String text(GenericKubernetesResource object, Object... path) {
		return string(object.get(path));
	}

	private static String string(Object value) {
		return (value != null) ? String.valueOf(value) : null;
	}

	// only a full commit id is a revision the repository can check
	private static String sha(String revision) {
		return (revision != null && revision.matches("[0-9a-f]{40}")) ? revision : null;
	}

	private static String firstNonNull(String first, String second) {
		return (first != null) ? first : second;
	}

}
