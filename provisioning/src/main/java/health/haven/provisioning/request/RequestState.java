package health.haven.provisioning.request;

/**
 * Where a request is:
 * {@code SUBMITTED → PENDING_APPROVAL → APPROVED → COMMITTED → COMPLETED}, with the side
 * exits {@code REJECTED}, {@code CANCELLED}, {@code EXPIRED} and {@code FAILED}.
 */
public enum RequestState {

	SUBMITTED, PENDING_APPROVAL, CHANGES_REQUESTED, APPROVED, COMMITTED, COMPLETED, REJECTED, CANCELLED, EXPIRED,
	FAILED;

	/**
	 * Whether the request is not yet done with: an environment has at most one such
	 * request at a time.
	 */
	public boolean isOpen() {
		return this == SUBMITTED || this == PENDING_APPROVAL || this == CHANGES_REQUESTED || this == APPROVED;
	}

	/**
	 * Whether a request in this state can be withdrawn: before its change is committed,
	 * and not while the change is on its way to the repository (approved and not held for
	 * a change window).
	 * @param held whether an approved request waits for a change window
	 */
	public boolean isCancellable(boolean held) {
		return switch (this) {
			case SUBMITTED, PENDING_APPROVAL, CHANGES_REQUESTED, FAILED -> true;
			case APPROVED -> held;
			default -> false;
		};
	}

}
