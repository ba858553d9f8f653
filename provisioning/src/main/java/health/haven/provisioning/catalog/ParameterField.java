package health.haven.provisioning.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parameter of a catalog item as a form shows it: name, label, type, allowed values
 * and bounds.
 *
 * @param type the JSON Schema type: {@code string}, {@code integer}, {@code number},
 * {@code boolean} or {@code array} (of strings)
 */
public record ParameterField(String name, String title, String description, String type, List<String> allowedValues,
		Object defaultValue, Number minimum, Number maximum, boolean required) {

	static List<ParameterField> of(JsonNode schema) {
		Set<String> required = new HashSet<>();
		schema.path("required").forEach((name) -> required.add(name.asText()));
		List<ParameterField> fields = new ArrayList<>();
		Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
		while (properties.hasNext()) {
			Map.Entry<String, JsonNode> property = properties.next();
			fields.add(of(property.getKey(), property.getValue(), required.contains(property.getKey())));
		}
		return List.copyOf(fields);
	}

	private static ParameterField of(String name, JsonNode property, boolean required) {
		List<String> allowed = new ArrayList<>();
		property.path("enum").forEach((value) -> allowed.add(value.asText()));
		Object defaultValue = property.has("default")
				? ParameterSchema.JSON.convertValue(property.get("default"), Object.class) : null;
		return new ParameterField(name, property.path("title").asText(name), property.path("description").asText(""),
				property.path("type").asText("string"), List.copyOf(allowed), defaultValue,
				property.has("minimum") ? property.get("minimum").numberValue() : null,
				property.has("maximum") ? property.get("maximum").numberValue() : null, required);
	}

	public boolean isArray() {
		return "array".equals(this.type);
	}

	public boolean isNumeric() {
		return "integer".equals(this.type) || "number".equals(this.type);
	}

	public boolean isBoolean() {
		return "boolean".equals(this.type);
	}

	public boolean isChoice() {
		return !this.allowedValues.isEmpty();
	}

}
