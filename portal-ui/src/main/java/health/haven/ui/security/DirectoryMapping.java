package health.haven.ui.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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
 * @param groupsClaim the claim that lists a person's groups
 * @param usernameClaim the claim that gives the Haven user name
 * @param roles group → role; the defaults match the example realm in
 * {@code docker/keycloak/}
 * @param teams group → team key, for groups that do not follow the prefix
 * @param teamPrefix the prefix of groups that name a team; empty for none
 * @param localAccounts whether people may also sign in with a local password; unset: yes
 * without an identity provider, no with one
 */
@ConfigurationProperties("haven.identity")
public record DirectoryMapping(@DefaultValue("groups") String groupsClaim,
		@DefaultValue("preferred_username") String usernameClaim, Map<String, Role> roles, Map<String, String> teams,
		@DefaultValue("team-") String teamPrefix, Boolean localAccounts) {

	static final Map<String, Role> DEFAULT_ROLES = defaultRoles();

	public DirectoryMapping {
		roles = (roles == null || roles.isEmpty()) ? DEFAULT_ROLES : Map.copyOf(roles);
		teams = (teams == null) ? Map.of() : Map.copyOf(teams);
	}

	private static Map<String, Role> defaultRoles() {
		Map<String, Role> roles = new LinkedHashMap<>();
		roles.put("haven-requesters", Role.REQUESTER);
		roles.put("haven-cab", Role.APPROVER);
		roles.put("haven-security", Role.SECURITY_REVIEWER);
		roles.put("haven-platform-admins", Role.PLATFORM_ADMIN);
		roles.put("haven-auditors", Role.AUDITOR);
		return Map.copyOf(roles);
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
