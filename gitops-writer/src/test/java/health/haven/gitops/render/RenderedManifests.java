package health.haven.gitops.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Rendered files on disk and what {@code kubectl kustomize} makes of them.
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
	 * The objects {@code kubectl kustomize} builds from a folder; fails if it cannot
	 * build it.
	 */
	static List<JsonNode> kustomize(Path folder) throws IOException, InterruptedException {
		Path output = Files.createTempFile("kustomize", ".yaml");
		Process process = new ProcessBuilder("kubectl", "kustomize", folder.toString()).redirectOutput(output.toFile())
			.redirectErrorStream(false)
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("kubectl kustomize did not finish");
		}
		String errors = new String(process.getErrorStream().readAllBytes());
		if (process.exitValue() != 0) {
			throw new IllegalStateException("kubectl kustomize failed: " + errors);
		}
		List<JsonNode> objects = new ArrayList<>();
		YAMLMapper yaml = new YAMLMapper();
		try (var documents = yaml.readValues(yaml.createParser(output.toFile()), JsonNode.class)) {
			documents.forEachRemaining(objects::add);
		}
		return objects;
	}

}
