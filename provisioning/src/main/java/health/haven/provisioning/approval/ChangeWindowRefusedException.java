package health.haven.provisioning.approval;

/**
 * A change to the change windows that may not be made: invalid input (the field is
 * named), a person who is no platform administrator, or a window that does not exist.
 * Nothing changed.
 */
public class ChangeWindowRefusedException extends RuntimeException {

	private final Refusal refusal;

	private final String field;

	public ChangeWindowRefusedException(Refusal refusal, String field, String message) {
		super(message);
		this.refusal = refusal;
		this.field = field;
	}

	public Refusal getRefusal() {
		return this.refusal;
	}

	/**
	 * The field at fault (INVALID), or the stable reason code (NOT_PERMITTED).
	 */
	public String getField() {
		return this.field;
	}

	public enum Refusal {

		INVALID, NOT_PERMITTED, NOT_FOUND

	}

}
