package health.haven.gitops.render;

import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.node.ObjectNode;

import health.haven.provisioning.environment.Placement;

/**
 * The manifests of one environment: the files of its folder and its controller object
 * elsewhere, each keyed by its path in the repository.
 *
 * @param environmentPath the folder the portal owns for this environment: every file in
 * it is replaced by {@code files} below it
 * @param files each repository path with the one Kubernetes object (or kustomization) it
 * holds
 * @param placement where the environment runs and which controller object reconciles it
 */
public record RenderedEnvironment(String environmentPath, Map<String, ObjectNode> files, Placement placement) {

	public RenderedEnvironment {
		files = new TreeMap<>(files);
	}

	public Map<String, byte[]> asYaml() {
		Map<String, byte[]> yaml = new TreeMap<>();
		this.files.forEach((path, tree) -> yaml.put(path, ManifestYaml.write(tree)));
		return yaml;
	}

	/**
	 * What removes the environment from the repository (a decommission): its folder
	 * without files, and each of its other files (its controller objects) without
	 * content.
	 */
	public Map<String, byte[]> asRemoval() {
		Map<String, byte[]> removal = new TreeMap<>();
		this.files.keySet()
			.stream()
			.filter((path) -> !path.startsWith(this.environmentPath + "/"))
			.forEach((path) -> removal.put(path, null));
		return removal;
	}

}
