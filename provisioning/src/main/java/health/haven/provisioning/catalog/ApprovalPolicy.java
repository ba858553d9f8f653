package health.haven.provisioning.catalog;

import java.util.List;

import health.haven.provisioning.people.Names;

/**
 * How requests for one class of environment of one catalog item are approved:
 * automatically by the policy itself, or by a sequence of stages decided one after the
 * other.
 */
public record ApprovalPolicy(String name, boolean automatic, List<ApprovalStage> stages) {

	public ApprovalPolicy {
		// the name is recorded as the approver of automatic approvals and in commit
		// trailers
		if (!Names.isDns1123Label(name, 63)) {
			throw new IllegalArgumentException("An approval policy's name must be a DNS-1123 label: " + name);
		}
		stages = (stages != null) ? List.copyOf(stages) : List.of();
		if (automatic && !stages.isEmpty()) {
			throw new IllegalArgumentException("Approval policy " + name + " is automatic and cannot have stages");
		}
		if (!automatic && stages.isEmpty()) {
			throw new IllegalArgumentException("Approval policy " + name + " needs at least one stage");
		}
	}

}
