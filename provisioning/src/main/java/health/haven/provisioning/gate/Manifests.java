package health.haven.provisioning.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Rendered manifests as the gates read them: each file's YAML by its path, and the
 * Kubernetes objects (and kustomizations) the files hold.
 *
 * @param files each path with its YAML; a path without content is one the change removes
 * @param objects the objects of the YAML files, in the order of their paths
 */
public record Manifests(Map<String, String> files, List<JsonNode> objects) {

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	public Manifests {
		files = new TreeMap<>(files);
		objects = List.copyOf(objects);
	}

	/**
	 * The manifests the given YAML holds, read from it.
	 * @throws IllegalArgumentException when a file is not YAML
	 */
	public static Manifests read(Map<String, String> files) {
		List<JsonNode> objects = new ArrayList<>();
		new TreeMap<>(files).forEach((path, text) -> {
			// a file the change removes deploys nothing
			if (text == null || !isYaml(path)) {
				return;
			}
			try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
				while (documents.hasNextValue()) {
					JsonNode document = documents.nextValue();
					if (document != null && document.isObject()) {
						objects.add(document);
					}
				}
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException("Rendered file " + path + " is not YAML: " + ex.getOriginalMessage(),
						ex);
			}
		});
		return new Manifests(files, objects);
	}

	/**
	 * Manifests whose YAML was written from the given objects, one per file: the gates
	 * read the objects, not the YAML again (reading it back was the largest share of an
	 * approval's CPU).
	 * @param objects each path with the object its YAML was written from
	 */
	public static Manifests written(Map<String, String> files, Map<String, ? extends JsonNode> objects) {
		List<JsonNode> held = new ArrayList<>();
		new TreeMap<>(objects).forEach((path, object) -> {
			if (files.get(path) != null && isYaml(path) && object.isObject()) {
				held.add(object);
			}
		});
		return new Manifests(files, held);
	}

	private static boolean isYaml(String path) {
		return path.endsWith(".yaml") || path.endsWith(".yml");
	}

}
