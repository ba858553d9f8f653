package health.haven.provisioning.audit;

import java.time.Instant;

/**
 * What recomputing the chain found: intact, or the first row where it breaks and why.
 *
 * @param rowsChecked the rows read, up to and including the first broken one
 * @param firstBroken the {@code seq} of the first row that does not hold, or {@code null}
 * @param problem what is wrong with it, or {@code null}
 * @param lastHash the hash of the last row that holds: an auditor who wrote it down can
 * prove later that nothing before it changed
 */
public record AuditVerification(boolean intact, long rowsChecked, Long firstBroken, String problem, String lastHash,
		Instant verifiedAt) {

}
