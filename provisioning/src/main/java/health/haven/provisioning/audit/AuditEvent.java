package health.haven.provisioning.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Something that happened and must be provable afterwards: what ({@code action}), to what
 * ({@code subject}), by whom ({@code actor}, and the machine client that carried it for
 * them), when, and the facts that make it meaningful ({@code details}). Published by the
 * package where it happened; {@link AuditTrail} appends it to the trail.
 *
 * @param actor a person's username, or the part of the portal that acted on its own
 * ({@code gitops-writer}, {@code policy dev-self-service})
 * @param actingClient the machine client that acted for the person, or {@code null}
 */
public record AuditEvent(Instant occurredAt, String action, String subject, String actor, String actingClient,
		Map<String, String> details) {

	private static final int MAX_NAME_LENGTH = 64;

	public AuditEvent {
		require(occurredAt != null, "occurredAt");
		require(action != null && !action.isBlank(), "action");
		require(subject != null && !subject.isBlank(), "subject");
		require(actor != null && !actor.isBlank(), "actor");
		// sorted and without nulls: the same facts always hash the same way
		TreeMap<String, String> sorted = new TreeMap<>();
		if (details != null) {
			details.forEach((key, value) -> {
				if (value != null) {
					sorted.put(key, value);
				}
			});
		}
		details = Collections.unmodifiableSortedMap(sorted);
	}

	public static AuditEvent of(Instant occurredAt, String action, String subject, String actor, String actingClient) {
		return new AuditEvent(occurredAt, action, subject, actor, actingClient, Map.of());
	}

	/**
	 * Facts from keys and values in turn; a {@code null} value leaves its key out.
	 */
	public static Map<String, String> facts(Object... keysAndValues) {
		if (keysAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("Facts come in pairs of a key and a value");
		}
		Map<String, String> facts = new TreeMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (keysAndValues[i + 1] != null) {
				facts.put(keysAndValues[i].toString(), keysAndValues[i + 1].toString());
			}
		}
		return facts;
	}

	/**
	 * A name someone else chose (typed into the sign-in form, sent by an identity
	 * provider), as the trail records it: at most 64 characters, an ellipsis where it was
	 * cut; {@code "(none)"} for no name.
	 */
	public static String bounded(String name) {
		if (name == null || name.isBlank()) {
			return "(none)";
		}
		return (name.length() > MAX_NAME_LENGTH) ? name.substring(0, MAX_NAME_LENGTH) + "…" : name;
	}

	/**
	 * The same event with one more fact ({@code null} values are left out).
	 */
	public AuditEvent with(String key, Object value) {
		if (value == null) {
			return this;
		}
		Map<String, String> more = new TreeMap<>(this.details);
		more.put(key, value.toString());
		return new AuditEvent(this.occurredAt, this.action, this.subject, this.actor, this.actingClient, more);
	}

	private static void require(boolean valid, String field) {
		if (!valid) {
			throw new IllegalArgumentException("An audit event needs " + field);
		}
	}

}
