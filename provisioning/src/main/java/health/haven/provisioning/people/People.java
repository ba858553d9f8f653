package health.haven.provisioning.people;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
		// the roles and teams sorted, so that the record reads the same on every run
		this.events.publishEvent(new AuditEvent(this.clock.instant(), "person.created", "person/" + person.username(),
				actor, null,
				AuditEvent.facts("displayName", person.displayName(), "roles",
						String.join(",", person.roles().stream().map(Role::name).sorted().toList()), "teams",
						String.join(",", person.teams().stream().sorted().toList()), "localAccount", hash != null)));
		return created;
	}

}
