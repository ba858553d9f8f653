package health.haven.api.security;

import java.util.List;

/**
 * The OAuth2 scopes of the API.
 */
public final class Scopes {

	public static final String REQUESTS_READ = "requests:read";

	public static final String REQUESTS_WRITE = "requests:write";

	public static final String APPROVALS_WRITE = "approvals:write";

	/**
	 * Lets a client carry a platform administrator's decisions about environments (a hand
	 * edit accepted or discarded) and their change windows (freezes defined or removed).
	 */
	public static final String ENVIRONMENTS_WRITE = "environments:write";

	/**
	 * Lets a client read the audit trail, verify its chain and read evidence records (an
	 * auditor's tool, a SIEM).
	 */
	public static final String AUDIT_READ = "audit:read";

	/**
	 * Lets a machine client name the person it acts for ({@code onBehalfOf}).
	 */
	public static final String ON_BEHALF = "on-behalf";

	/**
	 * Lets a client subscribe callbacks, list and remove its subscriptions and read their
	 * delivery logs.
	 */
	public static final String WEBHOOKS_MANAGE = "webhooks:manage";

	/**
	 * Lets a client act as the platform: read every subscription's deliveries, and
	 * subscribe callbacks to addresses inside the organisation's network where the
	 * configuration allows them. The demo client does not hold it.
	 */
	public static final String ADMIN = "admin";

	/**
	 * The scopes of the first run's demo ticketing client: all but {@link #ADMIN}.
	 */
	public static final List<String> DEMO_CLIENT = List.of(REQUESTS_READ, REQUESTS_WRITE, APPROVALS_WRITE,
			ENVIRONMENTS_WRITE, AUDIT_READ, ON_BEHALF, WEBHOOKS_MANAGE);

	private Scopes() {
	}

	public static String authority(String scope) {
		return "SCOPE_" + scope;
	}

}
