package health.haven.api.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import health.haven.api.problem.ProblemWriter;

/**
 * 401 and 403 from the security filters, answered like every other API error: as problem
 * details, with the {@code WWW-Authenticate} header bearer token clients expect.
 */
final class ProblemResponses {

	private ProblemResponses() {
	}

	static AuthenticationEntryPoint unauthorized() {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return (request, response, exception) -> {
			bearer.commence(request, response, exception);
			ProblemWriter.write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
					"A valid bearer token is required (POST /oauth2/token with client credentials)");
		};
	}

	static AccessDeniedHandler forbidden() {
		BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
		return (request, response, exception) -> {
			bearer.handle(request, response, exception);
			ProblemWriter.write(response, HttpStatus.FORBIDDEN, "missing-scope",
					"The token lacks the scope this call needs");
		};
	}

}
