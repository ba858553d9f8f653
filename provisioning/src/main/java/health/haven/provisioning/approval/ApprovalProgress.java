package health.haven.provisioning.approval;

import java.util.List;
import java.util.Optional;

import health.haven.provisioning.catalog.ApprovalPolicy;
import health.haven.provisioning.catalog.ApprovalStage;

/**
 * Where a request stands in its approval policy: which stage waits for decisions, and
 * whether every stage has reached its quorum. Stages are decided in order.
 */
public record ApprovalProgress(ApprovalPolicy policy, List<Decision> decisions) {

	public ApprovalProgress {
		decisions = List.copyOf(decisions);
	}

	public Optional<ApprovalStage> currentStage() {
		if (this.policy.automatic()) {
			return Optional.empty();
		}
		return this.policy.stages().stream().filter((stage) -> approvals(stage) < stage.quorum()).findFirst();
	}

	public boolean complete() {
		if (this.policy.automatic()) {
			return this.decisions.stream().anyMatch(Decision::isAutomatic);
		}
		return currentStage().isEmpty();
	}

	public boolean hasDecided(String person) {
		return this.decisions.stream()
			.anyMatch((decision) -> !decision.isAutomatic() && decision.getDecidedBy().equals(person));
	}

	private long approvals(ApprovalStage stage) {
		return this.decisions.stream()
			.filter((decision) -> decision.getStage().equals(stage.name())
					&& decision.getDecision() == DecisionKind.APPROVE)
			.count();
	}

}
