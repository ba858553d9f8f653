package health.haven.gitops.repository;

import java.util.List;

/**
 * A change cannot be merged onto the hand edit that was accepted for its folder: both
 * touch the same lines. The edit has to be discarded (or the change withdrawn).
 */
public class FolderMergeConflict extends RuntimeException {

	private final String folder;

	public FolderMergeConflict(String folder, List<String> paths) {
		super("The change and the accepted hand edit of " + folder + " touch the same lines of " + paths
				+ "; discard the edit to write the change");
		this.folder = folder;
	}

	public String folder() {
		return this.folder;
	}

}
