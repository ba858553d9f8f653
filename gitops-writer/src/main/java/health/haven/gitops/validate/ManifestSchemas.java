package health.haven.gitops.validate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The schemas a cluster would apply to our manifests: Kubernetes' OpenAPI definitions for
 * built-in kinds ({@code kubernetes/*.json}) and the {@code openAPIV3Schema} of each CRD
 * version ({@code crds/*.yaml}). Strict: wherever a schema lists properties and does not
 * say to keep unknown fields, an unknown field is an error.
 */
public final class ManifestSchemas {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	/**
	 * Where the portal's own copy of the upstream schemas is on the classpath.
	 */
	public static final String BUILT_IN = "haven/schemas/";

	private static final ResourcePatternResolver RESOURCES = new PathMatchingResourcePatternResolver();

	private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

	private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

	private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
		.pathType(PathType.JSON_POINTER)
		.build();

	private final ObjectNode definitions;

	private final Map<String, String> builtInKinds;

	private final Map<String, JsonNode> customKinds;

	private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

	private ManifestSchemas(ObjectNode definitions, Map<String, String> builtInKinds,
			Map<String, JsonNode> customKinds) {
		this.definitions = definitions;
		this.builtInKinds = builtInKinds;
		this.customKinds = customKinds;
	}

	/**
	 * The schemas shipped with the portal (classpath {@value #BUILT_IN}): the upstream
	 * copies its manifests are validated against unless a platform team gives its own.
	 */
	public static ManifestSchemas builtIn() throws IOException {
		return load("classpath*:" + BUILT_IN);
	}

	/**
	 * Reads the schemas of a folder laid out as {@code kubernetes/*.json} and
	 * {@code crds/*.yaml}, such as a platform team exports from its clusters.
	 */
	public static ManifestSchemas load(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) {
			throw new IOException("Not a folder of schemas: " + folder);
		}
		return load(folder.toAbsolutePath().toUri().toString());
	}

	private static ManifestSchemas load(String location) throws IOException {
		ObjectNode definitions = JSON.createObjectNode();
		Map<String, String> builtIn = new ConcurrentHashMap<>();
		for (Resource file : list(location, "kubernetes/*.json")) {
			JsonNode openApi;
			try (InputStream in = file.getInputStream()) {
				openApi = JSON.readTree(in);
			}
			openApi.path("definitions").fields().forEachRemaining((entry) -> {
				definitions.set(entry.getKey(), strict(entry.getValue().deepCopy()));
				entry.getValue()
					.path("x-kubernetes-group-version-kind")
					.forEach((gvk) -> builtIn
						.put(key(apiVersion(gvk.path("group").asText(), gvk.path("version").asText()),
								gvk.path("kind").asText()), entry.getKey()));
			});
		}
		// Kubernetes marks int-or-string by format on a string type; a YAML number is as
		// valid there
		definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", intOrString());
		Map<String, JsonNode> custom = new ConcurrentHashMap<>();
		for (Resource file : list(location, "crds/*.yaml")) {
			try (InputStream in = file.getInputStream()) {
				for (JsonNode crd : YAML.readValues(YAML.createParser(in), JsonNode.class).readAll()) {
					readCrd(crd, custom);
				}
			}
		}
		if (builtIn.isEmpty()) {
			throw new IOException("No Kubernetes definitions (kubernetes/*.json) under " + location);
		}
		return new ManifestSchemas(definitions, builtIn, custom);
	}

	private static void readCrd(JsonNode crd, Map<String, JsonNode> custom) {
		if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
			return;
		}
		String group = crd.path("spec").path("group").asText();
		String kind = crd.path("spec").path("names").path("kind").asText();
		for (JsonNode version : crd.path("spec").path("versions")) {
			JsonNode schema = version.path("schema").path("openAPIV3Schema");
			if (!schema.isMissingNode()) {
				custom.put(key(apiVersion(group, version.path("name").asText()), kind), strict(schema.deepCopy()));
			}
		}
	}

	/**
	 * The objects of a multi-document YAML file, such as {@code kubectl kustomize}
	 * writes.
	 */
	public static List<JsonNode> readDocuments(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return YAML.readValues(YAML.createParser(in), JsonNode.class).readAll();
		}
	}

	/**
	 * Whether there is a schema for objects of this kind.
	 */
	public boolean knows(String apiVersion, String kind) {
		String key = key(apiVersion, kind);
		return this.builtInKinds.containsKey(key) || this.customKinds.containsKey(key);
	}

	/**
	 * Every problem of one object, each naming where in the object it is. Empty when
	 * valid.
	 */
	public List<String> validate(JsonNode object) {
		String kind = object.path("kind").asText();
		String apiVersion = object.path("apiVersion").asText();
		JsonSchema schema = this.compiled.computeIfAbsent(key(apiVersion, kind), this::compile);
		if (schema == null) {
			return List.of("no schema known for " + apiVersion + " " + kind);
		}
		Set<String> problems = new TreeSet<>();
		schema.validate(object).forEach((message) -> problems.add(describe(message)));
		if (this.customKinds.containsKey(key(apiVersion, kind))) {
			// a CRD schema leaves metadata open; the API server still holds it to
			// ObjectMeta
			this.compiled.computeIfAbsent(OBJECT_META, (meta) -> compileDefinition(OBJECT_META))
				.validate(object.path("metadata"))
				.forEach((message) -> problems.add("metadata: " + describe(message)));
		}
		return new ArrayList<>(problems);
	}

	private JsonSchema compile(String key) {
		String definition = this.builtInKinds.get(key);
		if (definition != null) {
			return compileDefinition(definition);
		}
		JsonNode custom = this.customKinds.get(key);
		return (custom != null) ? FACTORY.getSchema(custom, CONFIG) : null;
	}

	private JsonSchema compileDefinition(String definition) {
		ObjectNode root = JSON.createObjectNode();
		root.put("$ref", "#/definitions/" + definition);
		root.set("definitions", this.definitions);
		return FACTORY.getSchema(root, CONFIG);
	}

	private static String describe(ValidationMessage message) {
		return message.getInstanceLocation() + ": " + message.getError()
				+ ((message.getProperty() != null) ? " (" + message.getProperty() + ")" : "");
	}

	/**
	 * Closes every object schema that lists its properties, unless it keeps unknown
	 * fields on purpose, and drops the Kubernetes extensions the validator does not know.
	 */
	private static JsonNode strict(JsonNode node) {
		if (node instanceof ObjectNode object) {
			boolean preserve = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
			if (object.path("x-kubernetes-int-or-string").asBoolean(false)) {
				object.remove("type");
				object.remove("anyOf");
				object.set("type", JSON.createArrayNode().add("integer").add("string"));
			}
			Iterator<String> names = object.fieldNames();
			List<String> extensions = new ArrayList<>();
			names.forEachRemaining((name) -> {
				// OpenAPI's "nullable" is no JSON Schema keyword; we never write nulls
				// anyway
				if (name.startsWith("x-kubernetes-") || ("nullable".equals(name) && object.get(name).isBoolean())) {
					extensions.add(name);
				}
			});
			object.remove(extensions);
			if (object.has("properties") && object.get("properties").isObject() && !object.has("additionalProperties")
					&& !preserve) {
				object.put("additionalProperties", false);
			}
			object.properties().forEach((entry) -> {
				// "properties" maps names to schemas; its keys are field names, not
				// keywords
				strict(entry.getValue());
			});
		}
		else if (node instanceof ArrayNode array) {
			array.forEach(ManifestSchemas::strict);
		}
		return node;
	}

	private static ObjectNode intOrString() {
		ObjectNode schema = JSON.createObjectNode();
		schema.set("type", JSON.createArrayNode().add("integer").add("string"));
		return schema;
	}

	private static String apiVersion(String group, String version) {
		return group.isEmpty() ? version : group + "/" + version;
	}

	private static String key(String apiVersion, String kind) {
		return apiVersion + " " + kind;
	}

	private static List<Resource> list(String location, String pattern) throws IOException {
		String base = location.endsWith("/") ? location : location + "/";
		Resource[] files = RESOURCES.getResources(base + pattern);
		return Stream.of(files).sorted(Comparator.comparing(Resource::getFilename)).toList();
	}

}
