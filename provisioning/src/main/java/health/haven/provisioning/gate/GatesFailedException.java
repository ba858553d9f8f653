package health.haven.provisioning.gate;

/**
 * A request one or more policy gates refuse; nothing was stored. Carries every gate's
 * result, the passed ones too, so the requester sees the whole picture at once.
 */
public class GatesFailedException extends RuntimeException {

	private final GateReport report;

	public GatesFailedException(GateReport report) {
		super(report.failures().size() + " policy gate(s) failed: " + report.failureSummary());
		this.report = report;
	}

	public GateReport getReport() {
		return this.report;
	}

}
