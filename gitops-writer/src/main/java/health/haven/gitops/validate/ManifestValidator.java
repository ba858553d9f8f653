package health.haven.gitops.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import health.haven.gitops.render.RenderedEnvironment;

/**
 * Checks a rendered environment, object by object, against the schemas, and refuses any
 * plain {@code Secret}: credentials reach the cluster only through the secret store.
 */
public class ManifestValidator {

	private static final ObjectMapper JSON = new ObjectMapper();

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

	private static JsonNode toJackson2(ObjectNode tree) {
		try {
			return JSON.readTree(tree.toString());
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
