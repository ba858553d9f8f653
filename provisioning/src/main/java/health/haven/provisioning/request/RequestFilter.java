package health.haven.provisioning.request;

/**
 * Which requests a list shows; a {@code null} criterion leaves it open.
 *
 * @param ticket the ticket's id in its system, e.g. {@code CHG0031337}
 * @param requestedBy the person the request was made for
 */
public record RequestFilter(RequestState state, String team, String environment, String ticket, String requestedBy) {

	public static RequestFilter all() {
		return new RequestFilter(null, null, null, null, null);
	}

}
