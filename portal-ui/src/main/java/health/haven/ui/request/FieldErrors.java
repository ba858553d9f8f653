package health.haven.ui.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import health.haven.provisioning.FieldProblem;

/**
 * Problems grouped by the form field that shows them:
 * {@code parameters.adminAllowList[2]} is shown at the allow-list field,
 * {@code ticket.id} at the ticket field.
 */
public final class FieldErrors {

	private final Map<String, String> byField = new LinkedHashMap<>();

	FieldErrors(List<FieldProblem> problems) {
		for (FieldProblem problem : problems) {
			String field = problem.field().replaceAll("\\[\\d+\\]$", "").replaceAll("\\[\\d+\\].*$", "");
			String index = problem.field().matches(".*\\[\\d+\\].*") ? "line "
					+ (Integer.parseInt(problem.field().replaceAll("^[^\\[]*\\[(\\d+)\\].*$", "$1")) + 1) + ": " : "";
			this.byField.merge(field, index + problem.message(), (a, b) -> a + "; " + b);
		}
	}

	public boolean has(String field) {
		return this.byField.containsKey(field);
	}

	public String get(String field) {
		return this.byField.get(field);
	}

	public boolean isEmpty() {
		return this.byField.isEmpty();
	}

	public Map<String, String> all() {
		return this.byField;
	}

}
