package health.haven.gitops.render;

import java.util.Map;
import java.util.Set;
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
 * @param shared the paths among {@code files} that other environments need too (a team's
 * {@code AppProject}, a cluster's Flux {@code GitRepository}): written with each, never
 * removed with one
 * @param retired paths where earlier versions of Haven wrote this environment's files:
 * removed by the next change, where the repository still holds them
 */
public record RenderedEnvironment(String environmentPath, Map<String, ObjectNode> files, Placement placement,
		Set<String> shared, Set<String> retired) {

	public RenderedEnvironment {
		files = new TreeMap<>(files);
		shared = Set.copyOf(shared);
		retired = Set.copyOf(retired);
	}

	/**
	 * Each file as the YAML written for it.
	 */
	public Map<String, byte[]> asYaml() {
		Map<String, byte[]> yaml = new TreeMap<>();
		this.files.forEach((path, tree) -> yaml.put(path, ManifestYaml.write(tree)));
		return yaml;
	}

	/**
	 * What a create or an update writes: every file, and each retired path without
	 * content (removed where it is still there).
	 */
	public Map<String, byte[]> asChange() {
		Map<String, byte[]> change = asYaml();
		this.retired.forEach((path) -> change.put(path, null));
		return change;
	}

	/**
	 * What removes the environment from the repository (a decommission): its folder
	 * without files, and each of its own other files (its controller object, at its path
	 * and at any retired one) without content. What other environments share stays.
	 */
	public Map<String, byte[]> asRemoval() {
		Map<String, byte[]> removal = new TreeMap<>();
		this.files.keySet()
			.stream()
			.filter((path) -> !path.startsWith(this.environmentPath + "/") && !this.shared.contains(path))
			.forEach((path) -> removal.put(path, null));
		this.retired.forEach((path) -> removal.put(path, null));
		return removal;
	}

}
