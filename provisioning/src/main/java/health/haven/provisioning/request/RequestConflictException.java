package health.haven.provisioning.request;

/**
 * An action that does not fit the request's current state or the environments that exist,
 * such as approving a rejected request or creating an environment twice. Nothing changed.
 *
 * <p>
 * The reason is a stable code ({@code illegal-transition}, {@code already-decided},
 * {@code environment-exists}, {@code concurrent-change}).
 */
public class RequestConflictException extends RuntimeException {

	private final String reason;

	public RequestConflictException(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	public String getReason() {
		return this.reason;
	}

}
