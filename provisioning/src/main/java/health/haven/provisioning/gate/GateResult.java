package health.haven.provisioning.gate;

/**
 * One gate's result, with the reason in words a requester reads.
 *
 * @param gate the gate's stable name ({@code image-provenance}, {@code configuration},
 * {@code secrets-boundary}, {@code production-baseline})
 */
public record GateResult(String gate, GateOutcome outcome, String reason) {

	static GateResult pass(String gate, String reason) {
		return new GateResult(gate, GateOutcome.PASS, reason);
	}

	static GateResult warn(String gate, String reason) {
		return new GateResult(gate, GateOutcome.WARN, reason);
	}

	static GateResult fail(String gate, String reason) {
		return new GateResult(gate, GateOutcome.FAIL, reason);
	}

}
