package health.haven.provisioning.environment;

/**
 * An action on an environment that may not be taken, by this person or in the
 * environment's current state (accepting a hand edit nobody made, say). Nothing changed.
 *
 * <p>
 * The reason is a stable code ({@code missing-role}, {@code no-drift},
 * {@code conflicting-edit}, {@code invalid-comment}) that clients may rely on.
 */
public class EnvironmentActionRefusedException extends RuntimeException {

	private final Refusal refusal;

	private final String reason;

	public EnvironmentActionRefusedException(Refusal refusal, String reason, String message) {
		super(message);
		this.refusal = refusal;
		this.reason = reason;
	}

	public Refusal getRefusal() {
		return this.refusal;
	}

	public String getReason() {
		return this.reason;
	}

	/**
	 * Why the action was refused.
	 */
	public enum Refusal {

		/** The input is not acceptable (a comment missing or too long). */
		INVALID,

		/** The person may not take the action. */
		NOT_PERMITTED,

		/** The action does not fit the environment's state. */
		CONFLICT

	}

}
