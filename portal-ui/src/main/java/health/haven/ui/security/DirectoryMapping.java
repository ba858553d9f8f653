package health.haven.ui.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import health.haven.provisioning.people.Role;

/**
 * How the identity provider's groups become roles and teams in Haven
 * ({@code haven.identity.*}). The groups are read from the claim {@code groups-claim}
 * ({@code groups}) of the ID token or the user info; each group named in {@code roles}
 * gives that role, each named in {@code teams} membership of that team, and a group that
 * begins with {@code team-prefix} ({@code team-}) membership of the team named by the
 * rest ({@code team-finance}: team {@code finance}). Groups the mapping does not name are
 * ignored.
 *
 * <p>
 * The Haven user name is the claim the provider's registration names as its user name
 * attribute ({@code haven.identity.username-claim}, {@code preferred_username}, set there
 * by {@code IdentityProviderSettings}).
 *
 * @param groupsClaim the claim that lists a person's groups
 * @param roles group → role; the defaults match the example realm in
 * {@code docker/keycloak/}
 * @param teams group → team key, for groups that do not follow the prefix
 * @param teamPrefix the prefix of groups that name a team; empty for none
 * @param localAccounts whether people may also sign in with a local password; unset: yes
 * without an identity provider, no with one
 */
@ConfigurationProperties("haven.identity")
public record DirectoryMapping(@DefaultValue("groups") String groupsClaim, Map<String, Role> roles,
		Map<String, String> teams, @DefaultValue("team-") String teamPrefix, Boolean localAccounts) {

	static final Map<String, Role> DEFAULT_ROLES = Map.of("haven-requesters", Role.REQUESTER, "haven-cab",
			Role.APPROVER, "haven-security", Role.SECURITY_REVIEWER, "haven-platform-admins", Role.PLATFORM_ADMIN,
			"haven-auditors", Role.AUDITOR);

	public DirectoryMapping {
		roles = (roles == null || roles.isEmpty()) ? DEFAULT_ROLES : Map.copyOf(roles);
		teams = (teams == null) ? Map.of() : Map.copyOf(teams);
	}

	/**
	 * The roles the groups give.
	 */
	Set<Role> rolesOf(Collection<String> groups) {
		Set<Role> granted = EnumSet.noneOf(Role.class);
		for (String group : groups) {
			Role role = this.roles.get(plain(group));
			if (role != null) {
				granted.add(role);
			}
		}
		return granted;
	}

	/**
	 * The teams the groups make a person a member of.
	 */
	Set<String> teamsOf(Collection<String> groups) {
		Set<String> teams = new TreeSet<>();
		for (String group : groups) {
			String name = plain(group);
			String team = this.teams.get(name);
			if (team != null) {
				teams.add(team);
			}
			else if (!this.teamPrefix.isEmpty() && name.startsWith(this.teamPrefix)
					&& name.length() > this.teamPrefix.length()) {
				teams.add(name.substring(this.teamPrefix.length()));
			}
		}
		return teams;
	}

	/**
	 * Whether local passwords are accepted beside the identity provider.
	 */
	boolean localAccountsWith(boolean identityProvider) {
		return (this.localAccounts != null) ? this.localAccounts : !identityProvider;
	}

	// Keycloak sends a group's full path ("/haven-cab") unless told otherwise
	private static String plain(String group) {
		return group.startsWith("/") ? group.substring(1) : group;
	}

}
