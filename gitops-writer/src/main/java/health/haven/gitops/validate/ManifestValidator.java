package health.haven.gitops.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import health.haven.gitops.render.RenderedEnvironment;

/**
 * Checks a rendered environment, object by object, against the schemas, and refuses any
 * plain {@code Secret}: credentials reach the cluster only through the secret store.
 */
public class ManifestValidator {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final Supplier<ManifestSchemas> schemas;

	public ManifestValidator(ManifestSchemas schemas) {
		this(() -> schemas);
	}

	/**
	 * A validator that takes the schemas anew for each check, such as a
	 * {@link SchemaFolder} does when its files change.
	 */
	public ManifestValidator(Supplier<ManifestSchemas> schemas) {
		this.schemas = schemas;
	}

	/**
	 * Every problem of every file, each prefixed with the file's path. Empty when all is
	 * valid.
	 */
	public List<String> problems(RenderedEnvironment environment) {
		List<String> problems = new ArrayList<>();
		ManifestSchemas schemas = this.schemas.get();
		for (Map.Entry<String, ObjectNode> file : environment.files().entrySet()) {
			if (file.getKey().endsWith("/kustomization.yaml")) {
				continue;
			}
			JsonNode object = toJackson2(file.getValue());
			if ("Secret".equals(object.path("kind").asText()) && "v1".equals(object.path("apiVersion").asText())) {
				problems.add(file.getKey() + ": a plain Secret must never be written to git");
			}
			schemas.validate(object).forEach((problem) -> problems.add(file.getKey() + ": " + problem));
		}
		return problems;
	}

	public void check(RenderedEnvironment environment) {
		List<String> problems = problems(environment);
		if (!problems.isEmpty()) {
			throw new InvalidManifestsException(problems);
		}
	}

	/**
	 * The same tree for the schema library, which reads Jackson 2's nodes, built node by
	 * node: writing the tree as JSON and reading it back took more CPU than the
	 * validation itself (measured with Java Flight Recorder in the writer's benchmark).
	 * Numbers keep the kinds that reading JSON gives them (int, long, big integer,
	 * double), on which the schemas' "integer" and "number" depend.
	 */
	static JsonNode toJackson2(tools.jackson.databind.JsonNode node) {
		return switch (node.getNodeType()) {
			case OBJECT -> {
				com.fasterxml.jackson.databind.node.ObjectNode object = NODES.objectNode();
				for (Map.Entry<String, tools.jackson.databind.JsonNode> property : node.properties()) {
					object.set(property.getKey(), toJackson2(property.getValue()));
				}
				yield object;
			}
			case ARRAY -> {
				ArrayNode array = NODES.arrayNode(node.size());
				for (tools.jackson.databind.JsonNode element : node.values()) {
					array.add(toJackson2(element));
				}
				yield array;
			}
			case STRING -> NODES.textNode(node.stringValue());
			case BOOLEAN -> NODES.booleanNode(node.booleanValue());
			case NULL, MISSING -> NODES.nullNode();
			case NUMBER -> number(node);
			default -> throw new IllegalArgumentException("A manifest cannot hold a " + node.getNodeType() + " node");
		};
	}

	private static JsonNode number(tools.jackson.databind.JsonNode node) {
		if (!node.isIntegralNumber()) {
			return NODES.numberNode(node.doubleValue());
		}
		if (node.canConvertToInt()) {
			return NODES.numberNode(node.intValue());
		}
		return node.canConvertToLong() ? NODES.numberNode(node.longValue()) : NODES.numberNode(node.bigIntegerValue());
	}

}
