package health.haven.provisioning.people;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An app team that owns environments, such as {@code finance}. Its key is part of
 * repository paths and namespace names, so it is a DNS-1123 label.
 */
@Entity
@Table(name = "team")
public class Team {

	public static final int MAX_KEY_LENGTH = 20;

	@Id
	@Column(name = "team_key")
	private String key;

	private String displayName;

	private Instant createdAt;

	protected Team() {
	}

	public Team(String key, String displayName, Instant createdAt) {
		if (!Names.isDns1123Label(key, MAX_KEY_LENGTH)) {
			throw new IllegalArgumentException(
					"Team key must be a DNS-1123 label of at most " + MAX_KEY_LENGTH + " characters: " + key);
		}
		this.key = key;
		this.displayName = displayName;
		this.createdAt = createdAt;
	}

	public String getKey() {
		return this.key;
	}

	public String getDisplayName() {
		return this.displayName;
	}

}
