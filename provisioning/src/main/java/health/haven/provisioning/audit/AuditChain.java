package health.haven.provisioning.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * How a row's hash is computed: SHA-256 over its number, time, action, subject, actor,
 * acting client, details (canonical JSON, as stored) and the previous row's hash, each
 * field prefixed by its length so that no two different rows read the same. Anyone can
 * recompute it from an export of the table.
 */
public final class AuditChain {

	/**
	 * The previous hash of the first row.
	 */
	public static final String GENESIS = "0".repeat(64);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AuditChain() {
	}

	/**
	 * An instant as PostgreSQL keeps it ({@code timestamptz} holds microseconds), so that
	 * what is hashed when a row is written is what is read back to verify it.
	 */
	public static Instant stored(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The details as stored: a JSON object with its keys sorted.
	 */
	public static String canonical(Map<String, String> details) {
		return JSON.writeValueAsString(new java.util.TreeMap<>(details));
	}

	public static String hash(long seq, Instant occurredAt, String action, String subject, String actor,
			String actingClient, String details, String previousHash) {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
		field(digest, Long.toString(seq));
		field(digest, stored(occurredAt).toString());
		field(digest, action);
		field(digest, subject);
		field(digest, actor);
		field(digest, actingClient);
		field(digest, details);
		field(digest, previousHash);
		return HexFormat.of().formatHex(digest.digest());
	}

	private static void field(MessageDigest digest, String value) {
		if (value == null) {
			digest.update("-1:".getBytes(StandardCharsets.UTF_8));
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		digest.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
		digest.update(bytes);
	}

}
