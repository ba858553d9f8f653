package health.haven.provisioning.request;

import java.util.List;

import health.haven.provisioning.FieldProblem;

/**
 * A request that cannot be accepted as sent; each problem names its field. Nothing was
 * stored.
 */
public class InvalidRequestException extends RuntimeException {

	private final List<FieldProblem> problems;

	public InvalidRequestException(List<FieldProblem> problems) {
		super("The request has " + problems.size() + " invalid field(s): "
				+ problems.stream().map(FieldProblem::field).toList());
		this.problems = List.copyOf(problems);
	}

	public static InvalidRequestException of(String field, String message) {
		return new InvalidRequestException(List.of(new FieldProblem(field, message)));
	}

	public List<FieldProblem> getProblems() {
		return this.problems;
	}

}
