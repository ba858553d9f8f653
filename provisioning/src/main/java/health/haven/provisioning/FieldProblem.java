package health.haven.provisioning;

/**
 * One thing wrong with one field of a submitted request, named by its path in the request
 * body (for example {@code parameters.workers} or {@code parameters.adminAllowList[0]}).
 */
public record FieldProblem(String field, String message) {

	public FieldProblem {
		if (field == null || field.isBlank()) {
			throw new IllegalArgumentException("A field problem names its field");
		}
	}

}
