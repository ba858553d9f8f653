package health.haven.gitops.repository;

import java.util.regex.Pattern;

/**
 * The only paths the writer touches: {@code environments/<team>/<environment>/...} and
 * {@code clusters/<cluster>/...}, every segment a DNS-1123 label, every file a
 * {@code .yaml}. Nothing a request says can lead outside them.
 */
final class RepositoryPaths {

	private static final String LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

	private static final Pattern OWNED_FOLDER = Pattern.compile("environments/" + LABEL + "/" + LABEL);

	private static final Pattern FILE = Pattern.compile(
			"(environments/" + LABEL + "/" + LABEL + "|clusters/" + LABEL + ")(/" + LABEL + ")*/" + LABEL + "\\.yaml");

	private RepositoryPaths() {
	}

	static void checkOwnedFolder(String folder) {
		if (folder == null || !OWNED_FOLDER.matcher(folder).matches()) {
			throw new PathRefusedException(folder);
		}
	}

	static void checkFile(String path) {
		if (path == null || !FILE.matcher(path).matches()) {
			throw new PathRefusedException(path);
		}
	}

}
