package health.haven.provisioning.request;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import health.haven.provisioning.environment.ReconcileObserved;

/**
 * Moves requests on when gitops-writer reports what became of their commit, and what the
 * environment's GitOps controller did with it. Every report may arrive more than once and
 * out of order; the request's transitions make the repeats and the stale ones change
 * nothing.
 */
@Component
class CommitOutcomes {

	private final EnvironmentRequests requests;

	CommitOutcomes(EnvironmentRequests requests) {
		this.requests = requests;
	}

	@ApplicationModuleListener
	void on(ManifestsCommitted committed) {
		this.requests.recordCommit(committed);
	}

	@ApplicationModuleListener
	void on(ManifestCommitFailed failed) {
		this.requests.recordCommitFailure(failed);
	}

	@ApplicationModuleListener
	void on(ManifestCommitDelayed delayed) {
		this.requests.recordCommitDelay(delayed);
	}

	@ApplicationModuleListener
	void on(ReconcileObserved observed) {
		this.requests.recordObservation(observed);
	}

}
