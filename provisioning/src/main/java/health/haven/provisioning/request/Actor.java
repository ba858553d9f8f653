package health.haven.provisioning.request;

/**
 * Who acts: always a person, and the machine client (a ticketing system) that carried the
 * action for them, if any. Both are recorded.
 */
public record Actor(String person, String client) {

	public Actor {
		if (person == null || person.isBlank()) {
			throw new IllegalArgumentException("Every action is attributed to a person");
		}
	}

	public static Actor person(String username) {
		return new Actor(username, null);
	}

	public static Actor client(String clientId, String onBehalfOf) {
		return new Actor(onBehalfOf, clientId);
	}

	/**
	 * How the action is recorded: {@code alice}, or {@code alice via ticketing-demo}.
	 */
	public String recordedAs() {
		return (this.client != null) ? this.person + " via " + this.client : this.person;
	}

}
