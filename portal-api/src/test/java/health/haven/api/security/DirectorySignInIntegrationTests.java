package health.haven.api.security;

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import health.haven.provisioning.people.DirectorySignIn;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.people.Role;
import health.haven.provisioning.people.SignInRefusedException;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * People who sign in through the identity provider, on the real database: created at the
 * first sign-in, their roles and teams following the directory at each one, every change
 * and every sign-in on the audit trail; and the sign-ins Haven must not accept.
 */
class DirectorySignInIntegrationTests extends PortalTest {

	private static final String ISSUER = "https://idp.example.org/realms/haven";

	@Autowired
	People people;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aPersonsRolesAndTeamsFollowTheDirectoryAtEachSignIn() {
		Person first = this.people.signInFromDirectory(new DirectorySignIn(ISSUER, "sub-dora", "dora", "Dora Board",
				Set.of(Role.APPROVER), Set.of("finance", "dora-lab")));
		assertThat(first.getRoles()).containsExactly(Role.APPROVER);
		// a team the directory names that did not exist is created, by the identity
		// provider
		assertThat(first.getTeams()).containsExactlyInAnyOrder("finance", "dora-lab");
		assertThat(this.people.findTeam("dora-lab")).isPresent();
		assertThat(first.getPasswordHash()).isNull();

		// she left the board and joined security; the lab team is gone from her groups
		Person second = this.people.signInFromDirectory(new DirectorySignIn(ISSUER, "sub-dora", "dora", "Dora Security",
				Set.of(Role.SECURITY_REVIEWER), Set.of("finance")));
		assertThat(second.getRoles()).containsExactly(Role.SECURITY_REVIEWER);
		assertThat(second.getTeams()).containsExactly("finance");
		assertThat(this.people.find("dora").orElseThrow().getDisplayName()).isEqualTo("Dora Security");

		// the same again changes nothing: no record of a change
		this.people.signInFromDirectory(new DirectorySignIn(ISSUER, "sub-dora", "dora", "Dora Security",
				Set.of(Role.SECURITY_REVIEWER), Set.of("finance")));

		assertThat(actions("person/dora")).containsExactly("person.created", "sign-in", "person.changed", "sign-in",
				"sign-in");
		assertThat(this.jdbc.queryForObject(
				"select details from audit_event where subject = 'person/dora' and action = 'person.changed'",
				String.class))
			.contains("\"rolesBefore\":\"APPROVER\"", "\"roles\":\"SECURITY_REVIEWER\"",
					"\"teamsBefore\":\"dora-lab,finance\"", "\"teams\":\"finance\"");
		assertThat(this.jdbc.queryForObject(
				"select actor from audit_event where subject = 'team/dora-lab' and action = 'team.created'",
				String.class))
			.isEqualTo("identity provider");
	}

	@Test
	void signInsThatWouldTakeOverSomeoneOrGiveNoRoleAreRefused() {
		this.people.signInFromDirectory(
				new DirectorySignIn(ISSUER, "sub-ivo", "ivo", "Ivo", Set.of(Role.REQUESTER), Set.of("finance")));

		assertRefused(new DirectorySignIn(ISSUER, "sub-noah", "noah", "Noah", Set.of(), Set.of("finance")), "no-role",
				"None of your directory groups gives you a role");
		// alice is a local account of the first run: a directory name never takes it
		// over
		assertRefused(new DirectorySignIn(ISSUER, "sub-alice", "alice", "Alice", Set.of(Role.PLATFORM_ADMIN), Set.of()),
				"local-account", "A local account is named 'alice'");
		// another subject under ivo's name, or from another provider, is someone else
		assertRefused(new DirectorySignIn(ISSUER, "sub-other", "ivo", "Ivo", Set.of(Role.PLATFORM_ADMIN), Set.of()),
				"another-person", "'ivo' is another person");
		assertRefused(new DirectorySignIn("https://evil.example.org", "sub-ivo", "ivo", "Ivo",
				Set.of(Role.PLATFORM_ADMIN), Set.of()), "another-person", "'ivo' is another person");
		// ivo's directory account under a new name
		assertRefused(
				new DirectorySignIn(ISSUER, "sub-ivo", "ivo-new", "Ivo", Set.of(Role.REQUESTER), Set.of("finance")),
				"renamed", "signed in before as 'ivo'");
		assertRefused(new DirectorySignIn(ISSUER, "sub-mail", "ivo@hospital.example", "Ivo", Set.of(Role.REQUESTER),
				Set.of()), "invalid-name", "cannot be a Haven user name");

		// a person deactivated in Haven stays out whatever the directory says
		this.jdbc.update("update person set active = false where username = 'ivo'");
		assertRefused(new DirectorySignIn(ISSUER, "sub-ivo", "ivo", "Ivo", Set.of(Role.REQUESTER), Set.of("finance")),
				"deactivated", "deactivated");

		// nothing of the refused sign-ins was kept
		assertThat(this.people.find("alice").orElseThrow().getRoles()).containsExactly(Role.REQUESTER);
		assertThat(this.people.find("ivo").orElseThrow().getRoles()).containsExactly(Role.REQUESTER);
		assertThat(this.people.find("noah")).isEmpty();
		assertThat(this.people.find("ivo-new")).isEmpty();
	}

	@Test
	void theFirstRunsPeopleAndMachineClientAreOnTheTrailToo() {
		assertThat(actions("person/bob")).startsWith("person.created");
		assertThat(actions("client/ticketing-demo")).startsWith("client.registered");
		assertThat(this.jdbc.queryForObject(
				"select details from audit_event where subject = 'client/ticketing-demo' and action = 'client.registered'",
				String.class))
			.contains("on-behalf", "requests:write");
	}

	private void assertRefused(DirectorySignIn signIn, String reason, String message) {
		assertThatThrownBy(() -> this.people.signInFromDirectory(signIn)).isInstanceOf(SignInRefusedException.class)
			.hasMessageContaining(message)
			.satisfies((ex) -> assertThat(((SignInRefusedException) ex).reason()).isEqualTo(reason));
	}

	private java.util.List<String> actions(String subject) {
		return this.jdbc.queryForList("select action from audit_event where subject = ? order by seq", String.class,
				subject);
	}

}
