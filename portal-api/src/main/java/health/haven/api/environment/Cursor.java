package health.haven.api.environment;

import health.haven.api.paging.Paging;
import health.haven.provisioning.environment.EnvironmentKey;
import health.haven.provisioning.request.InvalidRequestException;

/**
 * The cursor of the environments list: the last environment of the page.
 */
final class Cursor {

	private Cursor() {
	}

	static String of(EnvironmentKey last) {
		return Paging.cursor(last.team(), last.name());
	}

	/**
	 * The key a cursor stands for, or {@code null} for none.
	 * @throws InvalidRequestException for a cursor this API did not give out
	 */
	static EnvironmentKey parse(String cursor) {
		String[] parts = Paging.fields(cursor, 2);
		return (parts != null) ? new EnvironmentKey(parts[0], parts[1]) : null;
	}

}
