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

	public static final List<String> ALL = List.of(REQUESTS_READ, REQUESTS_WRITE, APPROVALS_WRITE, ENVIRONMENTS_WRITE,
			AUDIT_READ, ON_BEHALF);

	private Scopes() {
	}

	public static String authority(String scope) {
		return "SCOPE_" + scope;
	}

}
