package health.haven.provisioning.people;

/**
 * A sign-in through the identity provider that the portal does not accept; the message
 * says why, in words for the person who tried.
 */
public class SignInRefusedException extends RuntimeException {

	private final String reason;

	SignInRefusedException(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * A short, stable code for the audit trail: {@code no-role}, {@code local-account},
	 * {@code another-person}, {@code deactivated}, {@code renamed}, {@code invalid-name}.
	 */
	public String reason() {
		return this.reason;
	}

}
