package health.haven.provisioning.approval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import health.haven.provisioning.catalog.ApprovalPolicy;
import health.haven.provisioning.catalog.ApprovalStage;
import health.haven.provisioning.catalog.Quorum;

/**
 * Where a request stands in its approval policy: which stage waits for decisions, and
 * whether every stage has reached its quorum. Stages are decided in order; a stage that
 * needs ALL of a group is reached when every member of the group who may decide (the
 * requester never may) has approved, and never while the group has no such member.
 *
 * @param groupMembers the people who may decide each group's stage, by group
 */
public record ApprovalProgress(ApprovalPolicy policy, List<Decision> decisions, Map<String, Set<String>> groupMembers) {

	public ApprovalProgress {
		decisions = List.copyOf(decisions);
		groupMembers = Map.copyOf(groupMembers);
	}

	public ApprovalProgress(ApprovalPolicy policy, List<Decision> decisions) {
		this(policy, decisions, Map.of());
	}

	public Optional<ApprovalStage> currentStage() {
		if (this.policy.automatic()) {
			return Optional.empty();
		}
		return this.policy.stages().stream().filter((stage) -> !reached(stage)).findFirst();
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

	/**
	 * How many more approvals the stage needs.
	 */
	public int missing(ApprovalStage stage) {
		Set<String> approvers = approvers(stage);
		return switch (stage.quorum().kind()) {
			case ANY -> approvers.isEmpty() ? 1 : 0;
			case COUNT -> Math.max(0, stage.quorum().count() - approvers.size());
			case ALL -> {
				Set<String> members = this.groupMembers.getOrDefault(stage.group(), Set.of());
				yield members.isEmpty() ? 1
						: (int) members.stream().filter((member) -> !approvers.contains(member)).count();
			}
		};
	}

	private boolean reached(ApprovalStage stage) {
		if (stage.quorum().kind() == Quorum.Kind.ALL
				&& this.groupMembers.getOrDefault(stage.group(), Set.of()).isEmpty()) {
			return false;
		}
		return missing(stage) == 0;
	}

	private Set<String> approvers(ApprovalStage stage) {
		return this.decisions.stream()
			.filter((decision) -> decision.getStage().equals(stage.name())
					&& decision.getDecision() == DecisionKind.APPROVE)
			.map(Decision::getDecidedBy)
			.collect(Collectors.toSet());
	}

}
