package health.haven.api.environment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import health.haven.provisioning.environment.EnvironmentKey;
import health.haven.provisioning.request.InvalidRequestException;

/**
 * The opaque cursor of a list: where the next page starts. Clients pass it back as they
 * got it; what it holds is ours to change.
 */
final class Cursor {

	private Cursor() {
	}

	static String of(EnvironmentKey last) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((last.team() + "/" + last.name()).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The key a cursor stands for, or {@code null} for none.
	 * @throws InvalidRequestException for a cursor this API did not give out
	 */
	static EnvironmentKey parse(String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("/", -1);
			if (parts.length == 2) {
				return new EnvironmentKey(parts[0], parts[1]);
			}
		}
		catch (IllegalArgumentException ex) {
			// falls through to the problem below
		}
		throw InvalidRequestException.of("cursor", "The cursor is not one this API gave out; pass the 'next' cursor "
				+ "of the previous page as it is, or none for the first page");
	}

}
