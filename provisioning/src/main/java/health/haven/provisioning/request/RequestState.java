package health.haven.provisioning.request;

/**
 * Where a request is:
 * {@code SUBMITTED → PENDING_APPROVAL → APPROVED → COMMITTED → COMPLETED}, with the side
 * exits {@code REJECTED}, {@code CANCELLED}, {@code EXPIRED} and {@code FAILED}.
 */
public enum RequestState {

	SUBMITTED, PENDING_APPROVAL, CHANGES_REQUESTED, APPROVED, COMMITTED, COMPLETED, REJECTED, CANCELLED, EXPIRED,
	FAILED;

}
