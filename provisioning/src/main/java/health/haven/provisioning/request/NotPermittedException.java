package health.haven.provisioning.request;

/**
 * An action the acting person may not take, such as approving their own request. Nothing
 * changed.
 *
 * <p>
 * The reason is a stable code ({@code own-request}, {@code missing-role},
 * {@code not-team-member}) that clients may rely on.
 */
public class NotPermittedException extends RuntimeException {

	private final String reason;

	public NotPermittedException(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	public String getReason() {
		return this.reason;
	}

}
