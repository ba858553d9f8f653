package health.haven.api.runtime;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import health.haven.api.security.Scopes;
import health.haven.provisioning.audit.AuditEvent;
import health.haven.provisioning.people.NewPerson;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Role;

/**
 * The demo accounts of a first run: one person per role and a ticketing client. Created
 * once, on the first start with the embedded database (or with {@code HAVEN_DEMO=true}),
 * never again after: a marker row remembers it, so deleting a demo account is final.
 */
@Component
@Order(0)
class DemoAccounts implements ApplicationRunner {

	static final String CLIENT_ID = "ticketing-demo";

	private static final String MARKER = "demo.accounts.created";

	// who the audit trail names as the creator of the demo accounts
	private static final String SETUP = "first-run setup";

	private static final Logger logger = LoggerFactory.getLogger(DemoAccounts.class);

	private final HavenProperties properties;

	private final Environment environment;

	private final People people;

	private final ObjectProvider<RegisteredClientRepository> clients;

	private final PasswordEncoder passwordEncoder;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	DemoAccounts(HavenProperties properties, Environment environment, People people,
			ObjectProvider<RegisteredClientRepository> clients, PasswordEncoder passwordEncoder, JdbcClient jdbc,
			Clock clock, ApplicationEventPublisher events) {
		this.properties = properties;
		this.environment = environment;
		this.people = people;
		this.clients = clients;
		this.passwordEncoder = passwordEncoder;
		this.jdbc = jdbc;
		this.clock = clock;
		this.events = events;
	}

	boolean enabled() {
		if (this.properties.demo() != null) {
			return this.properties.demo();
		}
		return this.environment.getProperty("spring.datasource.url", "").isEmpty();
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		if (!enabled()) {
			return;
		}
		// replicas starting together take turns; the second finds the marker
		this.jdbc.sql("select cast(pg_advisory_xact_lock(hashtext('haven.demo')) as text)").query().singleValue();
		if (alreadyCreated()) {
			// the auditor and the audit:read scope came with a later version: a first run
			// from before gets them too
			if (this.people.find("frank").isEmpty()) {
				person("frank", "Frank Auditor", Role.AUDITOR, null);
			}
			this.clients.ifAvailable((clients) -> {
				RegisteredClient client = clients.findByClientId(CLIENT_ID);
				if (client != null && !client.getScopes().containsAll(Scopes.DEMO_CLIENT)) {
					String before = String.join(",", new TreeSet<>(client.getScopes()));
					RegisteredClient changed = RegisteredClient.from(client)
						.scopes((scopes) -> scopes.addAll(Scopes.DEMO_CLIENT))
						.build();
					clients.save(changed);
					this.events.publishEvent(new AuditEvent(this.clock.instant(), "client.changed",
							"client/" + CLIENT_ID, SETUP, null, AuditEvent.facts("scopesBefore", before, "scopes",
									String.join(",", new TreeSet<>(changed.getScopes())))));
				}
			});
			return;
		}
		this.people.createTeam("finance", "Finance", SETUP);
		this.people.createTeam("procurement", "Procurement", SETUP);
		person("alice", "Alice Requester", Role.REQUESTER, "finance");
		person("bob", "Bob Approver", Role.APPROVER, null);
		person("erin", "Erin Approver", Role.APPROVER, null);
		person("carol", "Carol Security Reviewer", Role.SECURITY_REVIEWER, null);
		person("dave", "Dave Platform Admin", Role.PLATFORM_ADMIN, null);
		person("frank", "Frank Auditor", Role.AUDITOR, null);
		// with the identity provider issuing tokens there is no client to register here
		this.clients.ifAvailable((clients) -> clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(CLIENT_ID)
			.clientName("Ticketing system (demo)")
			.clientSecret(this.passwordEncoder.encode(CLIENT_ID + "-secret"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes((scopes) -> scopes.addAll(Scopes.DEMO_CLIENT))
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(15)).build())
			.build()));
		this.clients.ifAvailable((clients) -> this.events.publishEvent(new AuditEvent(this.clock.instant(),
				"client.registered", "client/" + CLIENT_ID, SETUP, null, AuditEvent.facts("grant", "client_credentials",
						"scopes", String.join(",", new TreeSet<>(Scopes.DEMO_CLIENT))))));
		this.jdbc.sql("insert into portal_setting (setting_key, setting_value, updated_at) values (?, 'true', ?)")
			.params(MARKER, Timestamp.from(this.clock.instant()))
			.update();
		logger.info("Created the demo accounts (first run)");
	}

	private boolean alreadyCreated() {
		return this.jdbc.sql("select count(*) from portal_setting where setting_key = ?")
			.param(MARKER)
			.query(Long.class)
			.single() > 0;
	}

	private void person(String name, String displayName, Role role, String team) {
		this.people.create(new NewPerson(name, displayName, name + "-demo", Set.of(role),
				(team != null) ? Set.of(team) : Set.of()), SETUP);
	}

}
