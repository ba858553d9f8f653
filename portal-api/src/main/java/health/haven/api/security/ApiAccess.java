package health.haven.api.security;

import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpMethod;
import org.springframework.util.AntPathMatcher;

/**
 * Which scope each call of the API needs: one table, which the security filters enforce
 * and the OpenAPI document shows, so the two cannot disagree. The first rule that matches
 * a call decides; a call no rule matches is refused.
 */
public final class ApiAccess {

	/**
	 * @param scopes any one of them admits the call
	 */
	public record Rule(HttpMethod method, List<String> patterns, List<String> scopes) {

		String[] patternArray() {
			return this.patterns.toArray(String[]::new);
		}

		String[] authorities() {
			return this.scopes.stream().map(Scopes::authority).toArray(String[]::new);
		}

	}

	public static final List<Rule> RULES = List.of(
			rule(HttpMethod.GET, List.of("/api/v1/catalog", "/api/v1/catalog/**"), Scopes.REQUESTS_READ,
					Scopes.REQUESTS_WRITE),
			rule(HttpMethod.GET, List.of("/api/v1/audit", "/api/v1/audit/**", "/api/v1/requests/*/evidence"),
					Scopes.AUDIT_READ),
			rule(HttpMethod.GET, List.of("/api/v1/change-windows"), Scopes.REQUESTS_READ),
			rule(HttpMethod.POST, List.of("/api/v1/change-windows"), Scopes.ENVIRONMENTS_WRITE),
			rule(HttpMethod.DELETE, List.of("/api/v1/change-windows/*"), Scopes.ENVIRONMENTS_WRITE),
			rule(HttpMethod.GET,
					List.of("/api/v1/requests", "/api/v1/requests/**", "/api/v1/environments",
							"/api/v1/environments/**"),
					Scopes.REQUESTS_READ),
			rule(HttpMethod.POST,
					List.of("/api/v1/requests", "/api/v1/requests/preview", "/api/v1/requests/*/retry",
							"/api/v1/requests/*/resubmit", "/api/v1/requests/*/cancel"),
					Scopes.REQUESTS_WRITE),
			rule(HttpMethod.POST, List.of("/api/v1/requests/*/decisions"), Scopes.APPROVALS_WRITE),
			rule(HttpMethod.POST, List.of("/api/v1/environments/*/*/drift"), Scopes.ENVIRONMENTS_WRITE),
			rule(HttpMethod.GET, List.of("/api/v1/webhooks", "/api/v1/webhooks/**"), Scopes.WEBHOOKS_MANAGE),
			rule(HttpMethod.POST, List.of("/api/v1/webhooks"), Scopes.WEBHOOKS_MANAGE),
			rule(HttpMethod.DELETE, List.of("/api/v1/webhooks/*"), Scopes.WEBHOOKS_MANAGE));

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	private ApiAccess() {
	}

	private static Rule rule(HttpMethod method, List<String> patterns, String... scopes) {
		return new Rule(method, patterns, List.of(scopes));
	}

	/**
	 * The rule that decides a call, if any.
	 * @param path the call's path; a template ({@code /api/v1/requests/{id}}) stands for
	 * any value of its variables
	 */
	public static Optional<Rule> ruleFor(HttpMethod method, String path) {
		String concrete = path.replaceAll("\\{[^}/]+}", "x");
		return RULES.stream()
			.filter((rule) -> rule.method().equals(method))
			.filter((rule) -> rule.patterns().stream().anyMatch((pattern) -> PATHS.match(pattern, concrete)))
			.findFirst();
	}

}
