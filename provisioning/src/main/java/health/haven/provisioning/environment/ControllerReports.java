package health.haven.provisioning.environment;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Records what the GitOps controllers report about environments, as gitops-writer's
 * tracker publishes it, and what the writer finds in the environments' folders (hand
 * edits, restores). Every report may arrive more than once and out of order.
 */
@Component
class ControllerReports {

	private final Environments environments;

	ControllerReports(Environments environments) {
		this.environments = environments;
	}

	@ApplicationModuleListener
	void on(ReconcileObserved observed) {
		this.environments.record(observed);
	}

	@ApplicationModuleListener
	void on(ReconcileConnectionLost lost) {
		this.environments.record(lost);
	}

	@ApplicationModuleListener
	void on(DriftDetected drift) {
		this.environments.record(drift);
	}

	@ApplicationModuleListener
	void on(DriftResolved resolved) {
		this.environments.record(resolved);
	}

	@ApplicationModuleListener
	void on(FolderRestored restored) {
		this.environments.record(restored);
	}

}
