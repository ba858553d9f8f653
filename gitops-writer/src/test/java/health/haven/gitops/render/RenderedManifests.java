package health.haven.gitops.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Rendered files on disk and what kustomize makes of them.
 */
final class RenderedManifests {

	private RenderedManifests() {
	}

	static Path write(RenderedEnvironment environment, Path root) throws IOException {
		for (Map.Entry<String, byte[]> file : environment.asYaml().entrySet()) {
			Path target = root.resolve(file.getKey());
			Files.createDirectories(target.getParent());
			Files.write(target, file.getValue());
		}
		return root.resolve(environment.environmentPath());
	}

	/**
	 * The objects kustomize builds from a folder; fails if it cannot build it.
	 */
	static List<JsonNode> kustomize(Path folder) throws IOException, InterruptedException {
		List<JsonNode> objects = new ArrayList<>();
		YAMLMapper yaml = new YAMLMapper();
		try (var documents = yaml.readValues(yaml.createParser(Kustomize.build(folder).toFile()), JsonNode.class)) {
			documents.forEachRemaining(objects::add);
		}
		return objects;
	}

}
