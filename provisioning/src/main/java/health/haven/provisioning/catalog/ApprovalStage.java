package health.haven.provisioning.catalog;

import health.haven.provisioning.people.Names;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.people.Role;

/**
 * One stage of an approval policy: who decides (the holders of a role, or the members of
 * a named group) and how many of them it takes (a {@link Quorum}: any one, all of the
 * group, or a number of distinct people).
 */
public record ApprovalStage(String name, Role role, String group, Quorum quorum) {

	public ApprovalStage {
		if (!Names.isDns1123Label(name, 63)) {
			throw new IllegalArgumentException("An approval stage's name must be a DNS-1123 label: " + name);
		}
		if ((role == null) == (group == null)) {
			throw new IllegalArgumentException("Approval stage " + name + " names either a role or a group");
		}
		if (group != null && !Names.isDns1123Label(group, 30)) {
			throw new IllegalArgumentException("Approval stage " + name + ": a group is a team key: " + group);
		}
		quorum = (quorum != null) ? quorum : Quorum.ANY;
		if (quorum.kind() == Quorum.Kind.ALL && group == null) {
			throw new IllegalArgumentException("Approval stage " + name
					+ ": ALL needs a named group (everyone holding a role is no fixed set of people)");
		}
	}

	public ApprovalStage(String name, Role role, int quorum) {
		this(name, role, null, Quorum.of(quorum));
	}

	/**
	 * Whether the person is one of those who decide this stage.
	 */
	public boolean admits(Person person) {
		return (this.role != null) ? person.hasRole(this.role) : person.getTeams().contains(this.group);
	}

	/**
	 * Who decides, as people read it: {@code role APPROVER} or {@code group cab-core}.
	 */
	public String deciders() {
		return (this.role != null) ? "role " + this.role : "group " + this.group;
	}

}
