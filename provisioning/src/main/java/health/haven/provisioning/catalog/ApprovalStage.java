package health.haven.provisioning.catalog;

import health.haven.provisioning.people.Role;

/**
 * One stage of an approval policy: who decides (a role) and how many distinct approvals
 * it takes.
 */
public record ApprovalStage(String name, Role role, int quorum) {

	public ApprovalStage {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("An approval stage needs a name");
		}
		if (role == null) {
			throw new IllegalArgumentException("Approval stage " + name + " needs a role");
		}
		if (quorum < 1) {
			throw new IllegalArgumentException("Approval stage " + name + " needs a quorum of at least 1");
		}
	}

}
