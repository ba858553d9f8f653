package health.haven.gitops.validate;

import java.util.List;

/**
 * Rendered manifests the cluster would refuse. Nothing was committed.
 */
public class InvalidManifestsException extends RuntimeException {

	private final List<String> problems;

	public InvalidManifestsException(List<String> problems) {
		super("The rendered manifests are invalid: " + String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> getProblems() {
		return this.problems;
	}

}
