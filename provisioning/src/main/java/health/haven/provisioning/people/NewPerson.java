package health.haven.provisioning.people;

import java.util.Set;

/**
 * A local account to create. The password is hashed on the way in and never stored.
 */
public record NewPerson(String username, String displayName, String rawPassword, Set<Role> roles, Set<String> teams) {

	public NewPerson {
		if (!Names.isDns1123Label(username, 64)) {
			throw new IllegalArgumentException("Username must be a DNS-1123 label: " + username);
		}
		roles = Set.copyOf(roles);
		teams = Set.copyOf(teams);
	}

}
