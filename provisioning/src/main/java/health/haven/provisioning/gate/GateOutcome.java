package health.haven.provisioning.gate;

/**
 * How a gate ended: passed, passed with a warning worth reading, or failed (the request
 * is refused, or not committed).
 */
public enum GateOutcome {

	PASS, WARN, FAIL

}
