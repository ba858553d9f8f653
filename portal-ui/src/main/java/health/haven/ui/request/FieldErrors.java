package health.haven.ui.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import health.haven.provisioning.FieldProblem;

/**
 * Problems grouped by the form field that shows them:
 * {@code parameters.adminAllowList[2]} is shown at the allow-list field (its message
 * names the entry), {@code ticket.id} at the ticket field.
 */
public final class FieldErrors {

	// parameters.adminAllowList[2] (and anything below it): the field
	private static final Pattern LIST_ITEM = Pattern.compile("([^\\[]*)\\[\\d+\\].*");

	private final Map<String, String> byField = new LinkedHashMap<>();

	public FieldErrors(List<FieldProblem> problems) {
		for (FieldProblem problem : problems) {
			Matcher item = LIST_ITEM.matcher(problem.field());
			String field = item.matches() ? item.group(1) : problem.field();
			this.byField.merge(field, problem.message(), (a, b) -> a + "; " + b);
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
