package health.haven.provisioning.environment;

/**
 * Which environments a list shows; a {@code null} criterion leaves it open.
 */
public record EnvironmentFilter(String team, String environmentClass, LiveStatus status) {

	public static EnvironmentFilter all() {
		return new EnvironmentFilter(null, null, null);
	}

}
