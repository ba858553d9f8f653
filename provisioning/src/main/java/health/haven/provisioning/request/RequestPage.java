package health.haven.provisioning.request;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One page of requests, newest first, and where the last one stands when more may follow.
 */
public record RequestPage(List<RequestView> items, Position last) {

	public RequestPage {
		items = List.copyOf(items);
	}

	public boolean hasMore() {
		return this.last != null;
	}

	/**
	 * A request's place in the list: newest first, and by id among requests made at the
	 * same instant. A request added later sorts before every page already read, so paging
	 * is stable while requests arrive.
	 */
	public record Position(Instant createdAt, UUID id) {
	}

}
