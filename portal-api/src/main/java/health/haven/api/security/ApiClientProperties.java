package health.haven.api.security;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import health.haven.provisioning.environment.Visibility;

/**
 * What each machine client may read when it acts for nobody in particular (no
 * {@code onBehalfOf}): the teams it serves, by its client id (the token's subject).
 * {@code *} serves every team; a client not listed reads nothing of any team.
 *
 * <pre>
 * haven.api.clients.servicenow-prod.teams: finance, procurement
 * </pre>
 */
@ConfigurationProperties("haven.api")
public record ApiClientProperties(@DefaultValue Map<String, Client> clients) {

	public static final String EVERY_TEAM = "*";

	/**
	 * Whether the client serves the team: reads its requests and environments without
	 * naming a person, and receives callbacks about them.
	 */
	public boolean serves(String client, String team) {
		return visibilityOf(client).sees(team);
	}

	/**
	 * The teams the client serves: every team, those its registration names, or none for
	 * a client not registered.
	 */
	Visibility visibilityOf(String client) {
		Client registration = this.clients.get(client);
		if (registration == null) {
			return new Visibility(false, Set.of());
		}
		return registration.servesEveryTeam() ? Visibility.everything()
				: new Visibility(false, new HashSet<>(registration.teams()));
	}

	/**
	 * One client's registration.
	 */
	public record Client(@DefaultValue List<String> teams) {

		boolean servesEveryTeam() {
			return this.teams.contains(EVERY_TEAM);
		}

	}

}
