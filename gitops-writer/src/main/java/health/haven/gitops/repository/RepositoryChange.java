package health.haven.gitops.repository;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one change does to the repository: its environment folder becomes {@code files}
 * below it, and any other file given (its controller objects) is written as given, or
 * removed where its content is {@code null} (a decommission).
 *
 * <p>
 * When a hand edit of the folder was accepted, the folder does not simply become the new
 * render: the render is merged onto the accepted tree ({@code mergeOurs}) from the render
 * before it ({@code mergeBase}), so that the edit survives.
 *
 * @param mergeBase the tree the writer rendered last, when a merge is needed
 * @param mergeOurs the tree to merge onto (the accepted edit), when a merge is needed
 */
public record RepositoryChange(UUID requestId, String ownedFolder, Map<String, byte[]> files, String message,
		String mergeBase, String mergeOurs) {

	public RepositoryChange {
		RepositoryPaths.checkOwnedFolder(ownedFolder);
		files.keySet().forEach(RepositoryPaths::checkFile);
		files = new TreeMap<>(files);
		if ((mergeBase == null) != (mergeOurs == null)) {
			throw new IllegalArgumentException("A merge needs both its base and the tree to merge onto");
		}
	}

	public RepositoryChange(UUID requestId, String ownedFolder, Map<String, byte[]> files, String message) {
		this(requestId, ownedFolder, files, message, null, null);
	}

	/**
	 * The change merged onto an accepted edit.
	 */
	public RepositoryChange mergedOnto(String base, String ours) {
		return new RepositoryChange(this.requestId, this.ownedFolder, this.files, this.message, base, ours);
	}

	/**
	 * The files of the folder, by their paths below it.
	 */
	Map<String, byte[]> folderFiles() {
		Map<String, byte[]> inFolder = new TreeMap<>();
		String prefix = this.ownedFolder + "/";
		this.files.forEach((path, content) -> {
			if (path.startsWith(prefix)) {
				inFolder.put(path.substring(prefix.length()), content);
			}
		});
		return inFolder;
	}

	/**
	 * The files outside the folder, by their paths in the repository.
	 */
	Map<String, byte[]> otherFiles() {
		Map<String, byte[]> outside = new TreeMap<>();
		this.files.forEach((path, content) -> {
			if (!path.startsWith(this.ownedFolder + "/")) {
				outside.put(path, content);
			}
		});
		return outside;
	}

}
