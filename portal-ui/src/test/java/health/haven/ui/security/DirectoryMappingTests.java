package health.haven.ui.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import health.haven.provisioning.people.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How directory groups become Haven roles and teams.
 */
class DirectoryMappingTests {

	private final DirectoryMapping defaults = new DirectoryMapping("groups", null, null, "team-", null);

	@Test
	void theDefaultGroupsOfTheExampleRealmGiveTheirRolesAndTeams() {
		List<String> groups = List.of("haven-cab", "/haven-security", "team-finance", "/team-procurement",
				"wiki-editors");
		assertThat(this.defaults.rolesOf(groups)).containsExactlyInAnyOrder(Role.APPROVER, Role.SECURITY_REVIEWER);
		assertThat(this.defaults.teamsOf(groups)).containsExactly("finance", "procurement");
		// a bare prefix names no team
		assertThat(this.defaults.teamsOf(List.of("team-"))).isEmpty();
		assertThat(this.defaults.rolesOf(List.of("wiki-editors"))).isEmpty();
	}

	@Test
	void anOrganisationMapsItsOwnGroupsAndMayTurnThePrefixOff() {
		// Entra ID names groups by their object id
		DirectoryMapping entra = new DirectoryMapping("groups",
				Map.of("6f1c2a8e-0c1d-4c43-9a47-3e1d0b5f7a10", Role.PLATFORM_ADMIN),
				Map.of("2b7d9c41-5e0a-4f7b-8d2c-91a4e6f3c0d2", "finance"), "", null);
		List<String> groups = List.of("6f1c2a8e-0c1d-4c43-9a47-3e1d0b5f7a10", "2b7d9c41-5e0a-4f7b-8d2c-91a4e6f3c0d2",
				"team-procurement", "haven-cab");
		assertThat(entra.rolesOf(groups)).containsExactly(Role.PLATFORM_ADMIN);
		assertThat(entra.teamsOf(groups)).containsExactly("finance");
	}

	@Test
	void localAccountsAreOffWithAnIdentityProviderUnlessKept() {
		assertThat(this.defaults.localAccountsWith(false)).isTrue();
		assertThat(this.defaults.localAccountsWith(true)).isFalse();
		DirectoryMapping kept = new DirectoryMapping("groups", null, null, "team-", true);
		assertThat(kept.localAccountsWith(true)).isTrue();
		DirectoryMapping off = new DirectoryMapping("groups", null, null, "team-", false);
		assertThat(off.localAccountsWith(false)).isFalse();
	}

}
