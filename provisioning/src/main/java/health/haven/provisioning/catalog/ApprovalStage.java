package health.haven.provisioning.catalog;

import health.haven.provisioning.people.Names;
import health.haven.provisioning.people.Role;

/**
 * One stage of an approval policy: who decides (a role) and how many distinct approvals
 * it takes.
 */
public record ApprovalStage(String name, Role role, int quorum) {

	public ApprovalStage {
		if (!Names.isDns1123Label(name, 63)) {
			throw new IllegalArgumentException("An approval stage's name must be a DNS-1123 label: " + name);
		}
		if (role == null) {
			throw new IllegalArgumentException("Approval stage " + name + " needs a role");
		}
		if (quorum < 1) {
			throw new IllegalArgumentException("Approval stage " + name + " needs a quorum of at least 1");
		}
	}

}
