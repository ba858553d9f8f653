package health.haven.gitops.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The floor: the same files committed with JGit alone, the usual way (the parent's tree
 * read into an in-core {@code DirCache}, the files added, the tree written, the branch
 * moved), on a branch of its own in the same repository, with no database, no render, no
 * validation and no push.
 */
public final class JGitFloor {

	private JGitFloor() {
	}

	/**
	 * Commits {@code commits} environments' files one after the other.
	 * @param files the files of one environment, by their paths in the repository, with
	 * {@code {name}} where each commit puts its environment's name
	 * @return each commit's duration in milliseconds
	 */
	public static List<Double> measure(Path repositoryDirectory, Map<String, byte[]> files, int commits)
			throws IOException {
		List<Double> durations = new ArrayList<>();
		try (Repository repository = new FileRepositoryBuilder().setGitDir(repositoryDirectory.toFile())
			.setBare()
			.build()) {
			String branch = "refs/heads/floor";
			RefUpdate start = repository.updateRef(branch);
			start.setNewObjectId(repository.resolve("refs/heads/main"));
			start.update();
			for (int i = 0; i < commits; i++) {
				long began = System.nanoTime();
				commit(repository, branch, files, "floor-%04d".formatted(i));
				durations.add((System.nanoTime() - began) / 1e6);
			}
		}
		return durations;
	}

	private static void commit(Repository repository, String branch, Map<String, byte[]> files, String name)
			throws IOException {
		try (ObjectInserter inserter = repository.newObjectInserter();
				ObjectReader reader = inserter.newReader();
				RevWalk walk = new RevWalk(reader)) {
			ObjectId parent = repository.resolve(branch);
			DirCache index = DirCache.read(reader, walk.parseCommit(parent).getTree());
			DirCacheEditor editor = index.editor();
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
				editor.add(new DirCacheEditor.PathEdit(file.getKey().replace("{name}", name)) {
					@Override
					public void apply(DirCacheEntry entry) {
						entry.setFileMode(FileMode.REGULAR_FILE);
						entry.setObjectId(blob);
					}
				});
			}
			editor.finish();
			ObjectId tree = index.writeTree(inserter);
			PersonIdent ident = new PersonIdent("Bench", "bench@haven.example", Instant.now(), ZoneOffset.UTC);
			CommitBuilder commit = new CommitBuilder();
			commit.setTreeId(tree);
			commit.setParentId(parent);
			commit.setAuthor(ident);
			commit.setCommitter(ident);
			commit.setMessage("Floor " + name + "\n");
			ObjectId id = inserter.insert(commit);
			inserter.flush();
			RefUpdate update = repository.updateRef(branch);
			update.setExpectedOldObjectId(parent);
			update.setNewObjectId(id);
			RefUpdate.Result result = update.update(walk);
			if (result != RefUpdate.Result.FAST_FORWARD) {
				throw new IOException("Could not move " + branch + ": " + result);
			}
		}
	}

}
