package health.haven.provisioning.environment;

import health.haven.provisioning.people.Names;

/**
 * What names an environment: its team and its name within the team.
 */
public record EnvironmentKey(String team, String name) {

	public EnvironmentKey {
		if (!Names.isDns1123Label(team, 63) || !Names.isDns1123Label(name, 63)) {
			throw new IllegalArgumentException("An environment is named by two DNS-1123 labels: " + team + "/" + name);
		}
	}

}
