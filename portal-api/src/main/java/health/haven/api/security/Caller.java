package health.haven.api.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import health.haven.provisioning.request.Actor;
import health.haven.provisioning.request.InvalidRequestException;
import health.haven.provisioning.request.NotPermittedException;

/**
 * Who calls the API: a machine client (the token's subject) acting for a named person.
 * Every write is attributed to a person; the client needs the {@code on-behalf} scope to
 * name one.
 */
public record Caller(String client, boolean mayActOnBehalf) {

	public static Caller of(Authentication authentication) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			throw new IllegalStateException("The API only takes bearer tokens");
		}
		boolean onBehalf = token.getAuthorities()
			.stream()
			.anyMatch((authority) -> Scopes.authority(Scopes.ON_BEHALF).equals(authority.getAuthority()));
		return new Caller(clientId(token.getToken()), onBehalf);
	}

	/**
	 * The client a token was issued to. The embedded issuer makes it the subject;
	 * identity providers name the client in {@code client_id} (RFC 9068) or {@code azp},
	 * and make the subject a service account's id.
	 */
	public static String clientId(Jwt token) {
		for (String claim : new String[] { "client_id", "azp" }) {
			String value = token.getClaimAsString(claim);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return token.getSubject();
	}

	public Actor actingFor(String onBehalfOf) {
		if (onBehalfOf == null || onBehalfOf.isBlank()) {
			throw InvalidRequestException.of("onBehalfOf",
					"Name the person this client acts for in onBehalfOf: every change is attributed to a person");
		}
		if (!this.mayActOnBehalf) {
			throw new NotPermittedException("missing-scope",
					"Client " + this.client + " lacks the scope '" + Scopes.ON_BEHALF + "' to act for a person");
		}
		return Actor.client(this.client, onBehalfOf);
	}

}
