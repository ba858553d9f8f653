package health.haven.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.catalog.ParameterField;

/**
 * Parameters between the text of the fields generated from an item's schema and the types
 * the schema asks for: a list is one entry per line, a flag is a ticked box, a number is
 * typed as digits.
 */
public final class ParameterTexts {

	private ParameterTexts() {
	}

	/**
	 * The parameters typed as the fields ask, or the problems of fields whose text is not
	 * of their type (a word in a number field). A blank field that is neither a list nor
	 * a flag is left out.
	 */
	public static Map<String, Object> typed(Map<String, String> texts, List<ParameterField> fields,
			List<FieldProblem> problems) {
		Map<String, Object> typed = new LinkedHashMap<>();
		for (ParameterField field : fields) {
			String text = texts.get(field.name());
			if (field.isBoolean()) {
				typed.put(field.name(), "true".equals(text));
			}
			else if (field.isArray()) {
				typed.put(field.name(), lines(text));
			}
			else if (text == null || text.isBlank()) {
				continue;
			}
			else if (field.isNumeric()) {
				try {
					typed.put(field.name(), Long.parseLong(text.strip()));
				}
				catch (NumberFormatException ex) {
					problems
						.add(new FieldProblem("parameters." + field.name(), field.title() + " must be a whole number"));
				}
			}
			else {
				typed.put(field.name(), text.strip());
			}
		}
		return typed;
	}

	/**
	 * The parameters of a change of an environment: as {@link #typed}, and a field sent
	 * blank that is neither a list nor a flag names its parameter without a value, so
	 * that it is no longer set (the catalog's default, if it has one, applies again).
	 * Without this, a value once typed could never be taken out again. A field not sent
	 * at all (a form older than the item's version) changes nothing.
	 */
	public static Map<String, Object> changed(Map<String, String> texts, List<ParameterField> fields,
			List<FieldProblem> problems) {
		Map<String, Object> changed = typed(texts, fields, problems);
		for (ParameterField field : fields) {
			String text = texts.get(field.name());
			if (!field.isBoolean() && !field.isArray() && text != null && text.isBlank()) {
				changed.put(field.name(), null);
			}
		}
		return changed;
	}

	/**
	 * Fills the fields that have no text yet with the text of the values given (the
	 * defaults of a fresh form, the parameters in force of a change).
	 */
	public static void fill(Map<String, String> texts, List<ParameterField> fields,
			Function<ParameterField, Object> values) {
		for (ParameterField field : fields) {
			Object value = values.apply(field);
			if (value instanceof List<?> entries) {
				texts.putIfAbsent(field.name(), String.join("\n", entries.stream().map(String::valueOf).toList()));
			}
			else if (value != null) {
				texts.putIfAbsent(field.name(), String.valueOf(value));
			}
		}
	}

	private static List<String> lines(String text) {
		List<String> lines = new ArrayList<>();
		if (text != null) {
			text.lines().map(String::strip).filter((line) -> !line.isEmpty()).forEach(lines::add);
		}
		return lines;
	}

}
