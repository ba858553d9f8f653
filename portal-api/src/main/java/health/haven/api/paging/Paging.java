package health.haven.api.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import health.haven.provisioning.request.InvalidRequestException;

/**
 * The parts every paged list shares: a checked limit, an opaque cursor (clients pass it
 * back as they got it; what it holds is the list's own), and a response carrying the next
 * page's address in {@code Link: rel="next"}.
 */
public final class Paging {

	private Paging() {
	}

	/**
	 * The limit asked for, or the default.
	 * @throws InvalidRequestException for a limit outside 1 to {@code max}
	 */
	public static int limit(Integer limit, int defaultLimit, int max) {
		int size = (limit != null) ? limit : defaultLimit;
		if (size < 1 || size > max) {
			throw InvalidRequestException.of("limit", "The limit must be between 1 and " + max);
		}
		return size;
	}

	public static String cursor(String position) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * What a cursor holds, or {@code null} for none.
	 * @throws InvalidRequestException for a cursor that is not base64 at all
	 */
	public static String position(String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		try {
			return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw notOurs();
		}
	}

	/**
	 * The fields a cursor of {@link #cursor(String...)} holds, or {@code null} for none.
	 * @throws InvalidRequestException for a cursor this API did not give out
	 */
	public static String[] fields(String cursor, int count) {
		String position = position(cursor);
		if (position == null) {
			return null;
		}
		String[] fields = position.split("\\|", -1);
		if (fields.length != count) {
			throw notOurs();
		}
		return fields;
	}

	/**
	 * A cursor holding the fields of a page's last item.
	 */
	public static String cursor(String... fields) {
		return cursor(String.join("|", fields));
	}

	/**
	 * The problem for a cursor this API did not give out.
	 */
	public static InvalidRequestException notOurs() {
		return InvalidRequestException.of("cursor", "The cursor is not one this API gave out; pass the 'next' cursor "
				+ "of the previous page as it is, or none for the first page");
	}

	/**
	 * A 200 response that links the next page when there is one.
	 */
	public static ResponseEntity.BodyBuilder ok(String next) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (next != null) {
			String link = ServletUriComponentsBuilder.fromCurrentRequest()
				.replaceQueryParam("cursor", next)
				.toUriString();
			response.header(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"");
		}
		return response;
	}

}
