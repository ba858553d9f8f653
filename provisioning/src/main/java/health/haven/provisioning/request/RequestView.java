package health.haven.provisioning.request;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import health.haven.provisioning.approval.DecisionKind;
import health.haven.provisioning.gate.GateReport;
import health.haven.provisioning.people.Role;

/**
 * A request as people and ticketing systems read it.
 *
 * @param awaiting the approval stage that waits for a decision, while the request is
 * pending
 * @param commit where the change was committed, once it was
 * @param reconcile how the GitOps controller takes the committed change, once committed
 * @param delay why an approved change is not committed yet and when the writer tries
 * again, while it is retrying
 * @param emergency an emergency change, decided under the item's emergency policy; it
 * does not wait for change windows
 * @param held the freeze an approved change waits for, while it waits
 * @param gates the policy gates' results at submission (or the last resubmission)
 */
public record RequestView(UUID id, RequestType type, RequestState state, String stateReason, String failedStep,
		String catalogItem, int catalogVersion, String team, String environment, String environmentClass, String region,
		Map<String, Object> parameters, Ticket ticket, String requestedBy, String submittedBy, String approvalPolicy,
		AwaitedStage awaiting, List<DecisionView> decisions, CommitView commit, ReconcileView reconcile,
		DelayView delay, boolean emergency, HeldView held, GateReport gates, List<TimelineView> timeline,
		Instant createdAt, Instant updatedAt, long version) {

	/**
	 * The stage that waits for decisions.
	 *
	 * @param role who decides it, or {@code null} for a group's stage
	 * @param group who decides it, or {@code null} for a role's stage
	 * @param quorum the stage's rule: {@code ANY}, {@code ALL} or a number of people
	 * @param missing how many more approvals it needs
	 */
	public record AwaitedStage(String name, Role role, String group, String quorum, int missing) {

		/**
		 * Who decides it, as people read it: {@code role APPROVER} or
		 * {@code group cab-core}.
		 */
		public String deciders() {
			return (this.role != null) ? "role " + this.role : "group " + this.group;
		}

	}

	/**
	 * @param round the approval round it was made in; a resubmission after
	 * REQUEST_CHANGES starts a new one, and only the current round's decisions count
	 */
	public record DecisionView(String stage, DecisionKind decision, String decidedBy, String actingClient, Role role,
			boolean automatic, String comment, Instant decidedAt, int round) {
	}

	public record CommitView(String sha, String path) {
	}

	public record DelayView(String reason, int attempts, Instant nextAttemptAt) {
	}

	/**
	 * Approved inside a freeze: committed once it ends, at {@code until}.
	 */
	public record HeldView(Instant until, String reason) {
	}

	/**
	 * @param syncedRevision the first revision the controller applied that holds the
	 * commit
	 * @param problem the problem the controller reports with it, while it lasts
	 */
	public record ReconcileView(String syncedRevision, String problem) {
	}

	public record TimelineView(Instant at, RequestState state, String actor, String note) {
	}

}
