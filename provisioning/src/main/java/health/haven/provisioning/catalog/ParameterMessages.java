package health.haven.provisioning.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;

/**
 * Says in words what is wrong with a parameter: the field by its title, and what it takes
 * ("HTTP workers must be at least 2"). Where words cannot be derived from the schema (a
 * pattern), the catalog gives them in {@value #KEYWORD}; a requester never sees a regular
 * expression.
 */
final class ParameterMessages {

	/**
	 * The schema keyword in which a catalog says what a {@code pattern} or {@code format}
	 * expects, as a predicate: "must be an IPv4 network in CIDR form, such as
	 * 10.0.0.0/8".
	 */
	static final String KEYWORD = "errorMessage";

	// the keywords whose value holds schemas: named, single, or in a list
	private static final Set<String> NAMED_SCHEMAS = Set.of("properties", "patternProperties", "$defs", "definitions",
			"dependentSchemas");

	private static final Set<String> SUBSCHEMAS = Set.of("items", "additionalProperties", "contains", "not", "if",
			"then", "else", "propertyNames", "unevaluatedItems", "unevaluatedProperties");

	private static final Set<String> SCHEMA_LISTS = Set.of("prefixItems", "allOf", "anyOf", "oneOf");

	private final JsonNode schema;

	ParameterMessages(JsonNode schema) {
		this.schema = schema;
	}

	/**
	 * Every {@code pattern} in the schema comes with the words that explain it.
	 * @throws IllegalArgumentException naming the first schema without them
	 */
	static void requireWordsForPatterns(JsonNode schema, String at) {
		if (!schema.isObject()) {
			return;
		}
		if (schema.has("pattern") && !schema.path(KEYWORD).isTextual()) {
			throw new IllegalArgumentException(
					at + " has a pattern but no " + KEYWORD + " saying in words what it expects");
		}
		schema.fields().forEachRemaining((keyword) -> {
			if (NAMED_SCHEMAS.contains(keyword.getKey())) {
				keyword.getValue()
					.fields()
					.forEachRemaining((named) -> requireWordsForPatterns(named.getValue(), at + "." + named.getKey()));
			}
			else if (SUBSCHEMAS.contains(keyword.getKey())) {
				requireWordsForPatterns(keyword.getValue(), at + "." + keyword.getKey());
			}
			else if (SCHEMA_LISTS.contains(keyword.getKey())) {
				keyword.getValue().forEach((item) -> requireWordsForPatterns(item, at + "." + keyword.getKey()));
			}
		});
	}

	String describe(ValidationMessage message) {
		JsonNodePath location = message.getInstanceLocation();
		if ("required".equals(message.getType())) {
			return title(message.getProperty()) + " is required";
		}
		if ("additionalProperties".equals(message.getType())) {
			return "'" + message.getProperty() + "' is not a parameter of this catalog item; it takes "
					+ String.join(", ", names());
		}
		String property = String.valueOf(location.getElement(0));
		JsonNode propertySchema = this.schema.path("properties").path(property);
		if (location.getNameCount() > 1 && location.getElement(1) instanceof Integer index) {
			return "Entry " + (index + 1) + " of " + title(property) + " "
					+ expectation(message.getType(), propertySchema.path("items"));
		}
		return title(property) + " " + expectation(message.getType(), propertySchema);
	}

	private String expectation(String keyword, JsonNode schema) {
		return switch (keyword) {
			case "type" -> "must be " + typeInWords(schema.path("type").asText());
			case "enum" -> "must be one of " + join(schema.path("enum"));
			case "const" -> "must be " + schema.path("const").asText();
			case "minimum" -> "must be at least " + schema.path("minimum").asText();
			case "maximum" -> "must be at most " + schema.path("maximum").asText();
			case "exclusiveMinimum" -> "must be more than " + schema.path("exclusiveMinimum").asText();
			case "exclusiveMaximum" -> "must be less than " + schema.path("exclusiveMaximum").asText();
			case "multipleOf" -> "must be a multiple of " + schema.path("multipleOf").asText();
			case "minLength" -> "must be at least " + schema.path("minLength").asText() + " characters long";
			case "maxLength" -> "must be at most " + schema.path("maxLength").asText() + " characters long";
			case "minItems" -> "must list at least " + schema.path("minItems").asText() + " entries";
			case "maxItems" -> "must list at most " + schema.path("maxItems").asText() + " entries";
			case "uniqueItems" -> "must not list the same entry twice";
			case "pattern" -> schema.path(KEYWORD).asText();
			case "format" -> schema.path(KEYWORD).asText("must be a valid " + schema.path("format").asText());
			default -> schema.path(KEYWORD).asText("is not a value this field takes");
		};
	}

	private static String typeInWords(String type) {
		return switch (type) {
			case "integer" -> "a whole number";
			case "number" -> "a number";
			case "boolean" -> "true or false";
			case "array" -> "a list";
			case "object" -> "a set of named values";
			default -> "text";
		};
	}

	private String title(String property) {
		return this.schema.path("properties").path(property).path("title").asText(property);
	}

	private List<String> names() {
		List<String> names = new ArrayList<>();
		this.schema.path("properties").fieldNames().forEachRemaining(names::add);
		return names;
	}

	private static String join(JsonNode values) {
		List<String> words = new ArrayList<>();
		values.forEach((value) -> words.add(value.asText()));
		return String.join(", ", words);
	}

}
