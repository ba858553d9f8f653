package health.haven.provisioning.catalog;

import java.time.Duration;
import java.util.List;

import health.haven.provisioning.people.Names;

/**
 * How requests for one class of environment of one catalog item are approved:
 * automatically by the policy itself, or by a sequence of stages decided one after the
 * other.
 *
 * @param remindAfter how long a stage may wait before its deciders are reminded (once per
 * stage), or {@code null} for never; ISO-8601 in a catalog file ({@code PT24H})
 * @param expireAfter how long a request may wait for its decisions before it expires, or
 * {@code null} for never ({@code P14D})
 */
public record ApprovalPolicy(String name, boolean automatic, List<ApprovalStage> stages, Duration remindAfter,
		Duration expireAfter) {

	public ApprovalPolicy(String name, boolean automatic, List<ApprovalStage> stages) {
		this(name, automatic, stages, null, null);
	}

	public ApprovalPolicy {
		// the name is recorded as the approver of automatic approvals and in commit
		// trailers
		if (!Names.isDns1123Label(name, 63)) {
			throw new IllegalArgumentException("An approval policy's name must be a DNS-1123 label: " + name);
		}
		stages = (stages != null) ? List.copyOf(stages) : List.of();
		if (automatic && !stages.isEmpty()) {
			throw new IllegalArgumentException("Approval policy " + name + " is automatic and cannot have stages");
		}
		if (!automatic && stages.isEmpty()) {
			throw new IllegalArgumentException("Approval policy " + name + " needs at least one stage");
		}
		if (automatic && (remindAfter != null || expireAfter != null)) {
			throw new IllegalArgumentException(
					"Approval policy " + name + " is automatic: nothing waits to be " + "reminded of or to expire");
		}
		if ((remindAfter != null && (remindAfter.isNegative() || remindAfter.isZero()))
				|| (expireAfter != null && (expireAfter.isNegative() || expireAfter.isZero()))) {
			throw new IllegalArgumentException("Approval policy " + name + ": remindAfter and expireAfter are "
					+ "positive durations such as PT24H or P14D");
		}
	}

}
