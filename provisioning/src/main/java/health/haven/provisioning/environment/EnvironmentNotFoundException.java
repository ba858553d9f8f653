package health.haven.provisioning.environment;

/**
 * No environment with that team and name exists, or none the asker may see.
 */
public class EnvironmentNotFoundException extends RuntimeException {

	public EnvironmentNotFoundException(String team, String name) {
		super("No environment " + team + "/" + name);
	}

}
