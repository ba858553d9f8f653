package health.haven.test;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import health.haven.provisioning.people.NewPerson;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Role;

/**
 * Clients and people beyond the demo accounts, registered through the portal's own
 * repositories as an administrator would: {@code finance-desk}, a ticketing client that
 * serves the finance team only ({@code haven.api.clients.finance-desk.teams}, set by
 * {@link PortalTest}), {@code paula}, a requester of the procurement team, and
 * {@code quinn} of {@code quota-lab}, a team whose quota holds one environment.
 */
public final class TestClients {

	public static final String FINANCE_DESK = "finance-desk";

	public static final String FINANCE_DESK_SECRET = "finance-desk-secret";

	public static final String PAULA = "paula";

	public static final String QUOTA_LAB = "quota-lab";

	public static final String QUINN = "quinn";

	private TestClients() {
	}

	/**
	 * Registers the finance desk client, once per portal.
	 */
	public static synchronized void registerFinanceDesk(RegisteredClientRepository clients, PasswordEncoder encoder) {
		if (clients.findByClientId(FINANCE_DESK) != null) {
			return;
		}
		clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(FINANCE_DESK)
			.clientSecret(encoder.encode(FINANCE_DESK_SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes((scopes) -> scopes
				.addAll(Set.of("requests:read", "requests:write", "on-behalf", "webhooks:manage")))
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(15)).build())
			.build());
	}

	/**
	 * Creates the team quota-lab, whose quota holds one environment, and quinn, its
	 * requester, once per portal.
	 */
	public static synchronized void createQuotaLab(People people) {
		if (people.findTeam(QUOTA_LAB).isEmpty()) {
			people.createTeam(QUOTA_LAB, "Quota lab", "test setup");
			people.create(new NewPerson(QUINN, "Quinn Quota", "quinn-demo", Set.of(Role.REQUESTER), Set.of(QUOTA_LAB)),
					"test setup");
		}
	}

	/**
	 * Creates paula, a requester of procurement, once per portal.
	 */
	public static synchronized void createPaula(People people) {
		if (people.find(PAULA).isEmpty()) {
			people.create(new NewPerson(PAULA, "Paula Procurement", "paula-demo", Set.of(Role.REQUESTER),
					Set.of("procurement")), "test setup");
		}
	}

}
