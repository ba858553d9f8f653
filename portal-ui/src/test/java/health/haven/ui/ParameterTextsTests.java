package health.haven.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.catalog.ParameterField;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The text of a form's parameter fields, typed as the item's schema asks.
 */
class ParameterTextsTests {

	private static final List<ParameterField> FIELDS = List.of(
			new ParameterField("odooVersion", "Odoo version", null, "string", List.of("17.0", "18.0"), "18.0", null,
					null, true),
			new ParameterField("replicas", "Replicas", null, "integer", List.of(), 2, 1, 10, false),
			new ParameterField("adminAllowList", "Admin IP allow-list", null, "array", List.of(), List.of(), null, null,
					false),
			new ParameterField("redis", "Redis", null, "boolean", List.of(), false, null, null, false));

	@Test
	void aNewRequestLeavesOutWhatIsBlank() {
		List<FieldProblem> problems = new ArrayList<>();
		Map<String, Object> typed = ParameterTexts.typed(texts("17.0", " "), FIELDS, problems);

		assertThat(typed).containsExactly(entry("odooVersion", "17.0"), entry("adminAllowList", List.of()),
				entry("redis", false));
		assertThat(problems).isEmpty();
	}

	@Test
	void aChangeTakesOutWhatWasEmptied() {
		List<FieldProblem> problems = new ArrayList<>();
		Map<String, Object> changed = ParameterTexts.changed(texts("17.0", ""), FIELDS, problems);

		// named without a value: no longer set, where leaving it out would keep it
		assertThat(changed).containsEntry("replicas", null)
			.containsEntry("odooVersion", "17.0")
			.containsEntry("adminAllowList", List.of())
			.containsEntry("redis", false)
			.hasSize(4);
		assertThat(problems).isEmpty();

		// a field the form did not send at all changes nothing
		Map<String, String> older = texts("17.0", "");
		older.remove("replicas");
		assertThat(ParameterTexts.changed(older, FIELDS, problems)).doesNotContainKey("replicas");
	}

	@Test
	void aChangeKeepsWhatIsTypedAndSaysWhatIsNotANumber() {
		List<FieldProblem> problems = new ArrayList<>();
		Map<String, Object> changed = ParameterTexts.changed(texts("18.0", "three"), FIELDS, problems);

		assertThat(changed).containsEntry("odooVersion", "18.0").doesNotContainKey("replicas");
		assertThat(problems).extracting(FieldProblem::field).containsExactly("parameters.replicas");

		problems.clear();
		assertThat(ParameterTexts.changed(texts("18.0", " 3 "), FIELDS, problems)).containsEntry("replicas", 3L);
		assertThat(problems).isEmpty();
	}

	private static Map<String, String> texts(String odooVersion, String replicas) {
		Map<String, String> texts = new HashMap<>();
		texts.put("odooVersion", odooVersion);
		texts.put("replicas", replicas);
		texts.put("adminAllowList", "");
		return texts;
	}

}
