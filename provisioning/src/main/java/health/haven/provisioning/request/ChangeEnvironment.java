package health.haven.provisioning.request;

import java.util.Map;

/**
 * A day-2 request on an environment that exists, as a requester sends it: new parameters
 * (UPDATE: the ones named replace those in force, one named without a value is no longer
 * set, the others stay) or its removal (DECOMMISSION: no parameters). The catalog item,
 * class and region are the environment's; named, they must be its own. Nothing here is
 * trusted yet.
 */
public record ChangeEnvironment(RequestType type, String team, String environment, String catalogItem,
		String environmentClass, String region, Map<String, Object> parameters, Ticket ticket, boolean emergency) {

}
