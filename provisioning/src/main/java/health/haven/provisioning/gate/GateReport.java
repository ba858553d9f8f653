package health.haven.provisioning.gate;

import java.time.Instant;
import java.util.List;

/**
 * Every gate's results for one request at one moment: at submission, or just before the
 * commit.
 */
public record GateReport(List<GateResult> results, Instant checkedAt) {

	public GateReport {
		results = List.copyOf(results);
	}

	public boolean passed() {
		return failures().isEmpty();
	}

	public List<GateResult> failures() {
		return this.results.stream().filter((result) -> result.outcome() == GateOutcome.FAIL).toList();
	}

	/**
	 * The failures in one line each, for a request's reason.
	 */
	public String failureSummary() {
		return String.join("; ",
				failures().stream().map((failure) -> failure.gate() + ": " + failure.reason()).toList());
	}

}
