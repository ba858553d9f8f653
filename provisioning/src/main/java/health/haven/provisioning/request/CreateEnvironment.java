package health.haven.provisioning.request;

import java.util.Map;

/**
 * A request for a new environment, as a requester sends it. Checked as a whole by
 * {@link EnvironmentRequests#submit}; nothing here is trusted yet.
 */
public record CreateEnvironment(String catalogItem, String environment, String team, String environmentClass,
		String region, Map<String, Object> parameters, Ticket ticket, boolean emergency) {

	public CreateEnvironment(String catalogItem, String environment, String team, String environmentClass,
			String region, Map<String, Object> parameters, Ticket ticket) {
		this(catalogItem, environment, team, environmentClass, region, parameters, ticket, false);
	}

}
