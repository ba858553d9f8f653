package health.haven.provisioning.people;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import health.haven.provisioning.audit.AuditEvent;

/**
 * The directory of people and teams the portal knows.
 */
@Service
@Transactional(readOnly = true)
public class People {

	// who the audit trail names for what the identity provider's directory changes
	private static final String DIRECTORY = "identity provider";

	private static final Logger logger = LoggerFactory.getLogger(People.class);

	private final PersonRepository persons;

	private final TeamRepository teams;

	private final PasswordEncoder passwordEncoder;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	People(PersonRepository persons, TeamRepository teams, PasswordEncoder passwordEncoder, Clock clock,
			ApplicationEventPublisher events) {
		this.persons = persons;
		this.teams = teams;
		this.passwordEncoder = passwordEncoder;
		this.clock = clock;
		this.events = events;
	}

	public Optional<Person> find(String username) {
		return (username != null) ? this.persons.findById(username) : Optional.empty();
	}

	public Optional<Team> findTeam(String key) {
		return (key != null) ? this.teams.findById(key) : Optional.empty();
	}

	public List<Team> teams() {
		return this.teams.findAll();
	}

	/**
	 * The active people of a team (or approval group), by username.
	 */
	public Set<String> activeMembers(String team) {
		return new TreeSet<>(this.persons.findActiveMembers(team));
	}

	public boolean anyone() {
		return this.persons.count() > 0;
	}

	/**
	 * Creates a team. A key that another team's key extends with a hyphen, or that
	 * extends one, is refused: namespaces are named {@code odoo-<team>-<environment>},
	 * and what the GitOps controller lets one team write ({@code odoo-<team>-*}) would
	 * reach into the other's.
	 */
	/**
	 * @param actor who creates it (a person, or the first-run setup), for the audit trail
	 */
	@Transactional
	public Team createTeam(String key, String displayName, String actor) {
		for (Team existing : this.teams.findAll()) {
			if (key.startsWith(existing.getKey() + "-") || existing.getKey().startsWith(key + "-")
					|| existing.getKey().equals(key)) {
				throw new IllegalArgumentException("Team key " + key + " is too close to the existing team "
						+ existing.getKey() + ": neither may begin with the other followed by '-'");
			}
		}
		Team team = this.teams.save(new Team(key, displayName, this.clock.instant()));
		this.events.publishEvent(new AuditEvent(this.clock.instant(), "team.created", "team/" + key, actor, null,
				AuditEvent.facts("displayName", displayName)));
		return team;
	}

	/**
	 * Signs a person in from the organisation's directory: creates them at their first
	 * sign-in and takes their name, roles and teams as the directory states them at each
	 * later one, so that a person's access follows the directory. A team the directory
	 * names that the portal does not have yet is created (the mapping that names it is
	 * the platform's configuration). Every change is on the audit trail.
	 * @throws SignInRefusedException when the sign-in cannot be accepted: no role, a
	 * local account or another person under that name, a deactivated person
	 */
	@Transactional
	public Person signInFromDirectory(DirectorySignIn signIn) {
		String username = signIn.username();
		if (!Names.isDns1123Label(username, 64)) {
			throw new SignInRefusedException("invalid-name",
					"Your sign-in name '" + AuditEvent.bounded(username)
							+ "' cannot be a Haven user name (lowercase letters, digits and '-', at most 64)."
							+ " Ask your platform team to map another claim to the user name.");
		}
		if (signIn.roles().isEmpty()) {
			throw new SignInRefusedException("no-role", "None of your directory groups gives you a role in Haven."
					+ " Ask your platform team for membership of one of its groups.");
		}
		Optional<Person> bound = this.persons.findByDirectoryIssuerAndDirectorySubject(signIn.issuer(),
				signIn.subject());
		if (bound.isPresent() && !bound.get().getUsername().equals(username)) {
			throw new SignInRefusedException("renamed", "Your directory account signed in before as '"
					+ bound.get().getUsername() + "'; a changed user name needs your platform team.");
		}
		Optional<Person> existing = this.persons.findById(username);
		if (existing.isPresent() && !existing.get().isFromDirectory()) {
			throw new SignInRefusedException("local-account", "A local account is named '" + username
					+ "'; a directory sign-in never takes it over. Ask your platform team.");
		}
		if (existing.isPresent() && !(signIn.issuer().equals(existing.get().getDirectoryIssuer())
				&& signIn.subject().equals(existing.get().getDirectorySubject()))) {
			throw new SignInRefusedException("another-person", "'" + username + "' is another person in Haven.");
		}
		if (existing.isPresent() && !existing.get().isActive()) {
			throw new SignInRefusedException("deactivated", "Your Haven account is deactivated.");
		}
		Set<String> teams = directoryTeams(signIn.teams(), username);
		if (existing.isEmpty()) {
			Person person = new Person(username, signIn.displayName(), null, Set.of(), Set.of(), this.clock.instant());
			person.takeFromDirectory(signIn.issuer(), signIn.subject(), signIn.displayName(), signIn.roles(), teams);
			Person created = this.persons.save(person);
			recordCreated(created, DIRECTORY, signIn.issuer());
			recordSignIn(signIn);
			return created;
		}
		Person person = existing.get();
		String rolesBefore = names(person.getRoles());
		String teamsBefore = joined(person.getTeams());
		String nameBefore = person.getDisplayName();
		person.takeFromDirectory(signIn.issuer(), signIn.subject(), signIn.displayName(), signIn.roles(), teams);
		String rolesAfter = names(person.getRoles());
		String teamsAfter = joined(person.getTeams());
		if (!rolesBefore.equals(rolesAfter) || !teamsBefore.equals(teamsAfter)
				|| !String.valueOf(nameBefore).equals(person.getDisplayName())) {
			this.events.publishEvent(new AuditEvent(this.clock.instant(), "person.changed", "person/" + username,
					DIRECTORY, null, AuditEvent.facts("rolesBefore", rolesBefore, "roles", rolesAfter, "teamsBefore",
							teamsBefore, "teams", teamsAfter, "displayName", person.getDisplayName())));
		}
		recordSignIn(signIn);
		return person;
	}

	/**
	 * A new person on the trail, the roles and teams sorted so that the record reads the
	 * same on every run; the identity provider's issuer for a person from the directory.
	 */
	private void recordCreated(Person person, String actor, String issuer) {
		this.events.publishEvent(
				new AuditEvent(this.clock.instant(), "person.created", "person/" + person.getUsername(), actor, null,
						AuditEvent.facts("displayName", person.getDisplayName(), "roles", names(person.getRoles()),
								"teams", joined(person.getTeams()), "localAccount", person.getPasswordHash() != null,
								"issuer", issuer)));
	}

	private void recordSignIn(DirectorySignIn signIn) {
		this.events.publishEvent(new AuditEvent(this.clock.instant(), "sign-in", "person/" + signIn.username(),
				signIn.username(), null, AuditEvent.facts("via", "identity provider", "issuer", signIn.issuer())));
	}

	private Set<String> directoryTeams(Set<String> named, String username) {
		Set<String> teams = new TreeSet<>();
		for (String key : named) {
			if (this.teams.existsById(key)) {
				teams.add(key);
				continue;
			}
			if (!Names.isDns1123Label(key, 30)) {
				logger.warn("The directory puts {} in team '{}', which is not a valid team key: left out", username,
						AuditEvent.bounded(key));
				continue;
			}
			try {
				createTeam(key, key, DIRECTORY);
				teams.add(key);
			}
			catch (IllegalArgumentException ex) {
				logger.warn("The directory puts {} in team '{}', which cannot be created: {}", username, key,
						ex.getMessage());
			}
		}
		return teams;
	}

	private static String joined(Set<String> teams) {
		return String.join(",", new TreeSet<>(teams));
	}

	private static String names(Set<Role> roles) {
		return String.join(",", roles.stream().map(Role::name).sorted().toList());
	}

	/**
	 * @param actor who creates the account (a person, or the first-run setup), for the
	 * audit trail
	 */
	@Transactional
	public Person create(NewPerson person, String actor) {
		if (this.persons.existsById(person.username())) {
			throw new IllegalStateException("A person named " + person.username() + " exists already");
		}
		for (String team : person.teams()) {
			if (!this.teams.existsById(team)) {
				throw new IllegalArgumentException("Unknown team " + team);
			}
		}
		String hash = (person.rawPassword() != null) ? this.passwordEncoder.encode(person.rawPassword()) : null;
		Person created = this.persons.save(new Person(person.username(), person.displayName(), hash, person.roles(),
				person.teams(), this.clock.instant()));
		recordCreated(created, actor, null);
		return created;
	}

}
