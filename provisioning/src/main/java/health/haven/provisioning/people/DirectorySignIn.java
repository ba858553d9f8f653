package health.haven.provisioning.people;

import java.util.Set;

/**
 * A person as the organisation's identity provider presents them at a sign-in: who they
 * are there (issuer and subject, the provider's stable id), the name they go by, and the
 * roles and teams their directory groups map to.
 */
public record DirectorySignIn(String issuer, String subject, String username, String displayName, Set<Role> roles,
		Set<String> teams) {

	public DirectorySignIn {
		roles = Set.copyOf(roles);
		teams = Set.copyOf(teams);
	}

}
