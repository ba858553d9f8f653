package health.haven.ui.security;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import health.haven.provisioning.audit.AuditEvent;
import health.haven.provisioning.people.DirectorySignIn;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.people.SignInRefusedException;

/**
 * A sign-in through the identity provider: the provider's user (ID token and user info)
 * becomes a Haven person whose roles and teams are what the directory's groups map to at
 * this sign-in ({@link DirectoryMapping}). What Haven refuses (no role, a local account's
 * name) ends the sign-in with the reason on the sign-in page.
 */
class DirectorySignInService implements OAuth2UserService<OidcUserRequest, OidcUser> {

	private final OAuth2UserService<OidcUserRequest, OidcUser> provider;

	private final DirectoryMapping mapping;

	private final People people;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	DirectorySignInService(DirectoryMapping mapping, People people, ApplicationEventPublisher events, Clock clock) {
		this(new OidcUserService(), mapping, people, events, clock);
	}

	DirectorySignInService(OAuth2UserService<OidcUserRequest, OidcUser> provider, DirectoryMapping mapping,
			People people, ApplicationEventPublisher events, Clock clock) {
		this.provider = provider;
		this.mapping = mapping;
		this.people = people;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) {
		OidcUser user = this.provider.loadUser(request);
		// the claim the registration names the user by (haven.identity.username-claim)
		String usernameClaim = request.getClientRegistration()
			.getProviderDetails()
			.getUserInfoEndpoint()
			.getUserNameAttributeName();
		String username = user.getAttribute(usernameClaim);
		if (username == null) {
			throw refused("invalid-name",
					"Your identity provider sends no '" + usernameClaim + "' claim to name you by.");
		}
		Collection<String> groups = groups(user.getAttribute(this.mapping.groupsClaim()));
		String displayName = (user.getFullName() != null && !user.getFullName().isBlank()) ? user.getFullName()
				: username;
		Person person;
		try {
			person = this.people.signInFromDirectory(new DirectorySignIn(user.getIssuer().toString(), user.getSubject(),
					username, displayName, this.mapping.rolesOf(groups), this.mapping.teamsOf(groups)));
		}
		catch (SignInRefusedException ex) {
			// recorded on its own: the refused sign-in's transaction rolled back
			this.events.publishEvent(new AuditEvent(this.clock.instant(), "sign-in.refused",
					"person/" + AuditEvent.bounded(username), AuditEvent.bounded(username), null, AuditEvent.facts(
							"via", "identity provider", "reason", ex.reason(), "issuer", user.getIssuer().toString())));
			throw refused(ex.reason(), ex.getMessage());
		}
		Set<GrantedAuthority> authorities = person.getRoles()
			.stream()
			.map((role) -> new SimpleGrantedAuthority("ROLE_" + role.name()))
			.collect(Collectors.toSet());
		authorities.add(new SimpleGrantedAuthority("OIDC_USER"));
		return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), usernameClaim);
	}

	private static Collection<String> groups(Object claim) {
		if (claim instanceof Collection<?> values) {
			return values.stream().map(String::valueOf).toList();
		}
		if (claim instanceof String value) {
			return List.of(value);
		}
		return List.of();
	}

	private static OAuth2AuthenticationException refused(String code, String message) {
		return new OAuth2AuthenticationException(new OAuth2Error("haven_" + code.replace('-', '_'), message, null),
				message);
	}

}
