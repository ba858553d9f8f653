package health.haven.provisioning.audit;

import java.time.Instant;

/**
 * Which rows of the trail to read; every part is optional.
 *
 * @param subject exactly this subject ({@code request/<id>}), or every subject under a
 * prefix when it ends with {@code *} ({@code environment/finance/*})
 * @param actor exactly this person or part of the portal
 * @param from at or after
 * @param to before
 */
public record AuditFilter(String subject, String actor, Instant from, Instant to) {

	public static AuditFilter everything() {
		return new AuditFilter(null, null, null, null);
	}

}
