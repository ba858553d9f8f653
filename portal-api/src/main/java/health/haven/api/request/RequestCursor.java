package health.haven.api.request;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import health.haven.api.paging.Paging;
import health.haven.provisioning.request.InvalidRequestException;
import health.haven.provisioning.request.RequestPage;

/**
 * The cursor of the requests list: where the last request of the page stands.
 */
final class RequestCursor {

	private RequestCursor() {
	}

	static String of(RequestPage.Position last) {
		return Paging.cursor(last.createdAt().toString(), last.id().toString());
	}

	/**
	 * The position a cursor stands for, or {@code null} for none.
	 * @throws InvalidRequestException for a cursor this API did not give out
	 */
	static RequestPage.Position parse(String cursor) {
		String[] parts = Paging.fields(cursor, 2);
		if (parts == null) {
			return null;
		}
		try {
			return new RequestPage.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
		}
		catch (DateTimeParseException | IllegalArgumentException ex) {
			throw Paging.notOurs();
		}
	}

}
