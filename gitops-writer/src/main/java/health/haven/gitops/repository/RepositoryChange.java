package health.haven.gitops.repository;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one request changes in the repository: its environment folder replaced by
 * {@code files} below it, and any other file given (its controller object) written as
 * given.
 */
public record RepositoryChange(UUID requestId, String ownedFolder, Map<String, byte[]> files, String message) {

	public RepositoryChange {
		RepositoryPaths.checkOwnedFolder(ownedFolder);
		files.keySet().forEach(RepositoryPaths::checkFile);
		files = new TreeMap<>(files);
	}

}
