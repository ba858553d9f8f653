package health.haven.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads the GitOps repository the way an auditor or a GitOps controller would: commits on
 * the branch, their trailers, the files of a commit.
 */
public final class GitOpsRepositoryReader implements AutoCloseable {

	private final Repository repository;

	public GitOpsRepositoryReader(Path bareRepository) throws IOException {
		this.repository = new FileRepositoryBuilder().setGitDir(bareRepository.toFile()).setBare().build();
	}

	public RevCommit commit(String sha) throws IOException {
		try (RevWalk walk = new RevWalk(this.repository)) {
			return walk.parseCommit(this.repository.resolve(sha));
		}
	}

	public List<RevCommit> branch(String name) throws IOException {
		try (RevWalk walk = new RevWalk(this.repository)) {
			walk.markStart(walk.parseCommit(this.repository.resolve("refs/heads/" + name)));
			return java.util.stream.StreamSupport.stream(walk.spliterator(), false).toList();
		}
	}

	public Map<String, String> files(RevCommit commit) throws IOException {
		Map<String, String> files = new TreeMap<>();
		try (TreeWalk walk = new TreeWalk(this.repository)) {
			walk.addTree(commit.getTree());
			walk.setRecursive(true);
			while (walk.next()) {
				files.put(walk.getPathString(),
						new String(this.repository.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
			}
		}
		return files;
	}

	/**
	 * Whether the branch's newest commit holds anything at the path (a file, or a folder
	 * with files); {@code false} for a branch without commits.
	 */
	public boolean holds(String branch, String path) throws IOException {
		org.eclipse.jgit.lib.ObjectId head = this.repository.resolve("refs/heads/" + branch);
		if (head == null) {
			return false;
		}
		try (RevWalk walk = new RevWalk(this.repository);
				TreeWalk found = TreeWalk.forPath(this.repository, path, walk.parseCommit(head).getTree())) {
			return found != null;
		}
	}

	@Override
	public void close() {
		this.repository.close();
	}

}
