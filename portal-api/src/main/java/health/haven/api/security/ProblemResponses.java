package health.haven.api.security;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

import health.haven.api.problem.ProblemWriter;

/**
 * 401 and 403 from the security filters, answered like every other API error: as problem
 * details, with the {@code WWW-Authenticate} header bearer token clients expect; and 503
 * while the tokens cannot be checked.
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

	/**
	 * A filter that answers {@code 503} with a {@code Retry-After} while the identity
	 * provider that issues the API's tokens cannot be reached for its keys, where the
	 * resource server would answer {@code 500}: a ticketing system then knows to try
	 * again, and that its token was not refused.
	 */
	static Filter providerAway() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				try {
					chain.doFilter(request, response);
				}
				catch (RuntimeException | ServletException ex) {
					if (!causedByProviderAway(ex) || response.isCommitted()) {
						throw ex;
					}
					response.setHeader(HttpHeaders.RETRY_AFTER, "5");
					ProblemWriter.write(response, HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-away",
							"The identity provider that issues the API's tokens cannot be reached, so no token "
									+ "can be checked now; try again in a moment");
				}
			}

		};
	}

	private static boolean causedByProviderAway(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtDecoderInitializationException) {
				return true;
			}
		}
		return false;
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
