package health.haven.provisioning.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import health.haven.provisioning.FieldProblem;

/**
 * The JSON Schema of a catalog item's parameters: validates what a requester sends, fills
 * in the defaults, and describes the fields from which the request form is generated.
 */
public final class ParameterSchema {

	static final ObjectMapper JSON = new ObjectMapper();

	private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

	private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
		.pathType(PathType.JSON_POINTER)
		.formatAssertionsEnabled(true)
		.build();

	private final JsonSchema schema;

	private final List<ParameterField> fields;

	private final ParameterMessages messages;

	private ParameterSchema(JsonSchema schema, List<ParameterField> fields, ParameterMessages messages) {
		this.schema = schema;
		this.fields = fields;
		this.messages = messages;
	}

	/**
	 * Compiles the item's parameter schema.
	 * @throws IllegalArgumentException if the schema cannot explain a pattern in words
	 */
	static ParameterSchema compile(CatalogDefinition definition) {
		JsonNode node = JSON.valueToTree(definition.parameters());
		ParameterMessages.requireWordsForPatterns(node, definition.key() + " parameters");
		JsonSchema schema = FACTORY.getSchema(node, CONFIG);
		schema.initializeValidators();
		return new ParameterSchema(schema, ParameterField.of(node), new ParameterMessages(node));
	}

	/**
	 * The form fields, in the order the schema lists its properties.
	 */
	public List<ParameterField> fields() {
		return this.fields;
	}

	/**
	 * The given parameters with the schema's defaults filled in where a parameter is
	 * absent.
	 */
	public Map<String, Object> withDefaults(Map<String, Object> parameters) {
		Map<String, Object> complete = new LinkedHashMap<>();
		for (ParameterField field : this.fields) {
			if (field.defaultValue() != null) {
				complete.put(field.name(), field.defaultValue());
			}
		}
		if (parameters != null) {
			complete.putAll(parameters);
		}
		return complete;
	}

	/**
	 * Every problem the parameters have, each named by its path under {@code parameters}
	 * and said in words that name the field by its title.
	 */
	public List<FieldProblem> validate(Map<String, Object> parameters) {
		JsonNode instance = JSON.valueToTree((parameters != null) ? parameters : Map.of());
		Set<ValidationMessage> messages = this.schema.validate(instance);
		List<FieldProblem> problems = new ArrayList<>();
		for (ValidationMessage message : messages) {
			problems.add(new FieldProblem(fieldOf(message), this.messages.describe(message)));
		}
		problems.sort(Comparator.comparing(FieldProblem::field));
		return problems;
	}

	private static String fieldOf(ValidationMessage message) {
		StringBuilder field = new StringBuilder("parameters");
		JsonNodePath location = message.getInstanceLocation();
		for (int i = 0; i < location.getNameCount(); i++) {
			Object element = location.getElement(i);
			if (element instanceof Integer index) {
				field.append('[').append(index).append(']');
			}
			else {
				field.append('.').append(element);
			}
		}
		// "required" and "additionalProperties" are reported at the parent: name the
		// property itself
		if (message.getProperty() != null
				&& ("required".equals(message.getType()) || "additionalProperties".equals(message.getType()))) {
			field.append('.').append(message.getProperty());
		}
		return field.toString();
	}

}
