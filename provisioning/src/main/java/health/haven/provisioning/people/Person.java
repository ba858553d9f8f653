package health.haven.provisioning.people;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/**
 * Someone who uses the portal: requests environments for their teams, approves,
 * administers.
 */
@Entity
@Table(name = "person")
public class Person {

	@Id
	private String username;

	private String displayName;

	private String passwordHash;

	private boolean active;

	private Instant createdAt;

	private String directoryIssuer;

	private String directorySubject;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "person_role", joinColumns = @JoinColumn(name = "username"))
	@Enumerated(EnumType.STRING)
	@Column(name = "role")
	private Set<Role> roles = EnumSet.noneOf(Role.class);

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "team_member", joinColumns = @JoinColumn(name = "username"))
	@Column(name = "team_key")
	private Set<String> teams = new TreeSet<>();

	protected Person() {
	}

	public Person(String username, String displayName, String passwordHash, Set<Role> roles, Set<String> teams,
			Instant createdAt) {
		this.username = username;
		this.displayName = displayName;
		this.passwordHash = passwordHash;
		this.active = true;
		this.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
		this.teams = new TreeSet<>(teams);
		this.createdAt = createdAt;
	}

	public String getUsername() {
		return this.username;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	public String getPasswordHash() {
		return this.passwordHash;
	}

	public boolean isActive() {
		return this.active;
	}

	public Set<Role> getRoles() {
		return Collections.unmodifiableSet(this.roles);
	}

	public Set<String> getTeams() {
		return Collections.unmodifiableSet(this.teams);
	}

	/**
	 * Whether this person signs in through the identity provider (and takes roles and
	 * teams from its directory).
	 */
	public boolean isFromDirectory() {
		return this.directorySubject != null;
	}

	public String getDirectoryIssuer() {
		return this.directoryIssuer;
	}

	public String getDirectorySubject() {
		return this.directorySubject;
	}

	/**
	 * Takes name, roles and teams as the directory states them at a sign-in; binds the
	 * person to the directory's identity on the first.
	 */
	void takeFromDirectory(String issuer, String subject, String displayName, Set<Role> roles, Set<String> teams) {
		this.directoryIssuer = issuer;
		this.directorySubject = subject;
		this.displayName = displayName;
		this.roles.clear();
		this.roles.addAll(roles);
		this.teams.clear();
		this.teams.addAll(teams);
	}

	public boolean hasRole(Role role) {
		return this.active && this.roles.contains(role);
	}

	/**
	 * Whether this person may ask for changes to the given team's environments.
	 */
	public boolean mayRequestFor(String teamKey) {
		return hasRole(Role.PLATFORM_ADMIN) || (hasRole(Role.REQUESTER) && this.teams.contains(teamKey));
	}

	/**
	 * Whether this person may see requests of every team, not only their own teams'.
	 */
	public boolean seesAllTeams() {
		return hasRole(Role.APPROVER) || hasRole(Role.SECURITY_REVIEWER) || hasRole(Role.PLATFORM_ADMIN)
				|| hasRole(Role.AUDITOR);
	}

}
