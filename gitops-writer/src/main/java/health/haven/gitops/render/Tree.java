package health.haven.gitops.render;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the YAML trees manifests are made of. Values become typed nodes (text, number,
 * boolean, object, list); none is ever spliced into YAML text.
 */
final class Tree {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private Tree() {
	}

	/**
	 * An object from alternating keys and values, in order; a {@code null} value leaves
	 * its key out.
	 */
	static ObjectNode map(Object... keysAndValues) {
		if (keysAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("Keys and values come in pairs");
		}
		ObjectNode node = NODES.objectNode();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (keysAndValues[i + 1] != null) {
				node.set((String) keysAndValues[i], node(keysAndValues[i + 1]));
			}
		}
		return node;
	}

	static ArrayNode list(Object... values) {
		ArrayNode array = NODES.arrayNode();
		for (Object value : values) {
			array.add(node(value));
		}
		return array;
	}

	static JsonNode node(Object value) {
		if (value instanceof JsonNode node) {
			return node;
		}
		if (value instanceof String text) {
			return NODES.textNode(text);
		}
		if (value instanceof Integer number) {
			return NODES.numberNode(number);
		}
		if (value instanceof Long number) {
			return NODES.numberNode(number);
		}
		if (value instanceof Boolean flag) {
			return NODES.booleanNode(flag);
		}
		if (value instanceof List<?> values) {
			return list(values.toArray());
		}
		if (value instanceof Map<?, ?> entries) {
			ObjectNode node = NODES.objectNode();
			entries.forEach((key, entry) -> node.set(String.valueOf(key), node(entry)));
			return node;
		}
		throw new IllegalArgumentException("No YAML node for " + value.getClass());
	}

	static ObjectNode metadata(String name, String namespace, Map<String, String> labels) {
		return map("name", name, "namespace", namespace, "labels", labels);
	}

	static ObjectNode object(String apiVersion, String kind, ObjectNode metadata, ObjectNode spec) {
		return map("apiVersion", apiVersion, "kind", kind, "metadata", metadata, "spec", spec);
	}

}
