package health.haven.provisioning.environment;

import java.util.Set;

import health.haven.provisioning.people.Person;

/**
 * Whose environments someone may see: their own teams', or every team's for approvers,
 * reviewers, administrators and auditors.
 */
public record Visibility(boolean everyTeam, Set<String> teams) {

	public Visibility {
		teams = Set.copyOf(teams);
	}

	public static Visibility of(Person person) {
		return new Visibility(person.seesAllTeams(), person.getTeams());
	}

	/**
	 * Every environment, for a machine client of the whole organisation.
	 */
	public static Visibility everything() {
		return new Visibility(true, Set.of());
	}

	public boolean sees(String team) {
		return this.everyTeam || this.teams.contains(team);
	}

}
