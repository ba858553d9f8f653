package health.haven.provisioning.request;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Moves requests on when gitops-writer reports what became of their commit. Both reports
 * may arrive more than once; the request's transitions make the repeats change nothing.
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

}
