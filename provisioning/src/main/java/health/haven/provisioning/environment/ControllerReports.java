package health.haven.provisioning.environment;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Records what the GitOps controllers report about environments, as gitops-writer's
 * tracker publishes it. Every report may arrive more than once and out of order.
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

}
