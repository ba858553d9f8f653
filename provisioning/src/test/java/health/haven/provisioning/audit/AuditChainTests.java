package health.haven.provisioning.audit;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash of an audit row: the same row always hashes the same, and any change to any
 * field, or a field's content moved into its neighbour, gives another hash.
 */
class AuditChainTests {

	private static final Instant AT = Instant.parse("2026-11-27T10:15:30.123456789Z");

	@Test
	void aRowHashesTheSameEveryTimeAndAsStoredToTheMicrosecond() {
		String hash = hash("request.decided", "request/1", "bob", null, "{}", AuditChain.GENESIS);
		assertThat(hash).hasSize(64).matches("[0-9a-f]+");
		assertThat(hash("request.decided", "request/1", "bob", null, "{}", AuditChain.GENESIS)).isEqualTo(hash);
		// PostgreSQL keeps microseconds: the nanoseconds never count
		assertThat(AuditChain.hash(1, Instant.parse("2026-11-27T10:15:30.123456Z"), "request.decided", "request/1",
				"bob", null, "{}", AuditChain.GENESIS))
			.isEqualTo(hash);
	}

	@Test
	void everyFieldCountsAndNoFieldRunsIntoTheNext() {
		String hash = hash("request.decided", "request/1", "bob", null, "{}", AuditChain.GENESIS);
		assertThat(hash("request.decided", "request/1", "bob", "ticketing-demo", "{}", AuditChain.GENESIS))
			.isNotEqualTo(hash);
		assertThat(hash("request.decided", "request/1", "bob", "", "{}", AuditChain.GENESIS)).isNotEqualTo(hash);
		assertThat(hash("request.decided", "request/1", "mallory", null, "{}", AuditChain.GENESIS)).isNotEqualTo(hash);
		assertThat(hash("request.decided", "request/1", "bob", null, "{}", "1".repeat(64))).isNotEqualTo(hash);
		assertThat(AuditChain.hash(2, AT, "request.decided", "request/1", "bob", null, "{}", AuditChain.GENESIS))
			.isNotEqualTo(hash);
		// "request/1" + "bob" is not "request/1b" + "ob"
		assertThat(hash("request.decided", "request/1b", "ob", null, "{}", AuditChain.GENESIS)).isNotEqualTo(hash);
	}

	@Test
	void detailsAreCanonicalWhateverOrderTheyCameIn() {
		AuditEvent one = new AuditEvent(AT, "a", "s", "x", null, Map.of("b", "2", "a", "1"));
		AuditEvent two = new AuditEvent(AT, "a", "s", "x", null, AuditEvent.facts("a", "1", "b", "2", "c", null));
		assertThat(AuditChain.canonical(one.details())).isEqualTo(AuditChain.canonical(two.details()))
			.isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
	}

	private static String hash(String action, String subject, String actor, String client, String details,
			String previous) {
		return AuditChain.hash(1, AT, action, subject, actor, client, details, previous);
	}

}
