package health.haven.gitops.repository;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEditor.DeleteTree;
import org.eclipse.jgit.dircache.DirCacheEditor.PathEdit;
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
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitOps repository, written without a working tree: each commit's tree is built from
 * the branch head's tree with the request's folder replaced, and the branch moved with
 * compare-and-swap. One commit per request: a request whose {@code Haven-Request} trailer
 * is on the branch already is not committed again, and an unchanged tree makes no commit.
 */
public class GitOpsRepository implements AutoCloseable {

	static final String REQUEST_TRAILER = "Haven-Request";

	private static final Logger logger = LoggerFactory.getLogger(GitOpsRepository.class);

	private static final int MAX_ATTEMPTS = 5;

	private static final Duration CLOCK_SKEW = Duration.ofDays(1);

	private final Repository repository;

	private final GitOpsProperties properties;

	private final GitRemote remote;

	private final Clock clock;

	public GitOpsRepository(GitOpsProperties properties, Clock clock) throws IOException {
		this(properties, properties.hasRemote() ? new PushingRemote(properties) : GitRemote.NONE, clock);
	}

	GitOpsRepository(GitOpsProperties properties, GitRemote remote, Clock clock) throws IOException {
		this.properties = properties;
		this.remote = remote;
		this.clock = clock;
		this.repository = openOrCreate(properties.localRepository().toFile(), properties.branch());
	}

	private static Repository openOrCreate(File directory, String branch) throws IOException {
		if (new File(directory, "HEAD").isFile()) {
			removeStaleLocks(directory.toPath());
			return new FileRepositoryBuilder().setGitDir(directory).setBare().build();
		}
		Files.createDirectories(directory.toPath());
		try (Git git = Git.init().setBare(true).setDirectory(directory).setInitialBranch(branch).call()) {
			logger.info("Created the GitOps repository at {}", directory);
		}
		catch (GitAPIException ex) {
			throw new IOException("Could not create the GitOps repository at " + directory, ex);
		}
		return new FileRepositoryBuilder().setGitDir(directory).setBare().build();
	}

	/**
	 * Removes the lock files a portal killed while moving a ref left behind: JGit would
	 * take them for another writer and refuse every later commit. Only this portal writes
	 * its repository (its data folder is its own), so at start any lock is stale.
	 */
	private static void removeStaleLocks(Path directory) throws IOException {
		List<Path> locks;
		try (Stream<Path> files = Files.walk(directory.resolve("refs"))) {
			locks = new ArrayList<>(files.filter((file) -> file.toString().endsWith(".lock")).toList());
		}
		for (String file : List.of("packed-refs.lock", "HEAD.lock", "config.lock")) {
			if (Files.exists(directory.resolve(file))) {
				locks.add(directory.resolve(file));
			}
		}
		for (Path lock : locks) {
			logger.warn("Removing {}, left behind by a portal that stopped while writing the GitOps repository", lock);
			Files.delete(lock);
		}
	}

	/**
	 * Commits the change unless the branch has it already. Safe to call again with the
	 * same request: the second call finds the first one's commit and returns it.
	 */
	public synchronized CommitResult write(RepositoryChange change) throws IOException {
		String ref = Constants.R_HEADS + this.properties.branch();
		for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			this.remote.refresh(this.repository, this.properties.branch());
			ObjectId head = this.repository.resolve(ref);
			ObjectId existing = findCommitOf(change, head);
			if (existing != null) {
				return new CommitResult(existing.name(), false);
			}
			try (ObjectInserter inserter = this.repository.newObjectInserter();
					ObjectReader reader = inserter.newReader();
					RevWalk walk = new RevWalk(reader)) {
				RevCommit parent = (head != null) ? walk.parseCommit(head) : null;
				ObjectId tree = buildTree(change, parent, inserter, reader);
				if (parent != null && tree.equals(parent.getTree())) {
					return new CommitResult(parent.name(), false);
				}
				ObjectId commit = inserter.insert(commit(change, tree, parent));
				inserter.flush();
				if (moveBranch(ref, head, commit, walk)
						&& this.remote.publish(this.repository, this.properties.branch(), head, commit)) {
					return new CommitResult(commit.name(), true);
				}
			}
			logger.info("The GitOps branch moved while committing request {}; building it again (attempt {})",
					change.requestId(), attempt);
			pause(attempt);
		}
		throw new GitOpsWriteException("The GitOps branch kept moving; gave up committing request " + change.requestId()
				+ " after " + MAX_ATTEMPTS + " attempts");
	}

	// another writer is pushing: give it a moment, a little longer each time
	private static void pause(int attempt) {
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(50, 150) * attempt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GitOpsWriteException("Interrupted while waiting to commit again", ex);
		}
	}

	/**
	 * The commit an earlier delivery of the same request made, if any. Newest first, and
	 * no further back than the approval (less a day for clocks that disagree): without
	 * that bound every commit would read the whole history.
	 */
	private ObjectId findCommitOf(RepositoryChange change, ObjectId head) throws IOException {
		if (head == null) {
			return null;
		}
		String id = change.requestId().toString();
		long oldest = (change.approvedAt() != null) ? change.approvedAt().minus(CLOCK_SKEW).getEpochSecond()
				: Long.MIN_VALUE;
		try (RevWalk walk = new RevWalk(this.repository)) {
			walk.sort(RevSort.COMMIT_TIME_DESC);
			walk.markStart(walk.parseCommit(head));
			for (RevCommit commit : walk) {
				if (commit.getCommitTime() < oldest) {
					return null;
				}
				if (commit.getFooterLines(REQUEST_TRAILER).contains(id)) {
					return commit.getId();
				}
			}
		}
		return null;
	}

	private static ObjectId buildTree(RepositoryChange change, RevCommit parent, ObjectInserter inserter,
			ObjectReader reader) throws IOException {
		DirCache index = DirCache.newInCore();
		DirCacheBuilder builder = index.builder();
		if (parent != null) {
			builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
		}
		builder.finish();
		// the folder is the portal's: what the request no longer renders goes
		DirCacheEditor removal = index.editor();
		removal.add(new DeleteTree(change.ownedFolder()));
		removal.finish();
		DirCacheEditor additions = index.editor();
		for (Map.Entry<String, byte[]> file : change.files().entrySet()) {
			ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
			additions.add(new PathEdit(file.getKey()) {
				@Override
				public void apply(DirCacheEntry entry) {
					entry.setFileMode(FileMode.REGULAR_FILE);
					entry.setObjectId(blob);
				}
			});
		}
		additions.finish();
		return index.writeTree(inserter);
	}

	private CommitBuilder commit(RepositoryChange change, ObjectId tree, RevCommit parent) {
		PersonIdent ident = new PersonIdent(this.properties.authorName(), this.properties.authorEmail(),
				this.clock.instant(), TimeZone.getTimeZone("UTC").toZoneId());
		CommitBuilder commit = new CommitBuilder();
		commit.setTreeId(tree);
		if (parent != null) {
			commit.setParentId(parent);
		}
		commit.setAuthor(ident);
		commit.setCommitter(ident);
		commit.setMessage(change.message());
		return commit;
	}

	private boolean moveBranch(String ref, ObjectId expected, ObjectId commit, RevWalk walk) throws IOException {
		RefUpdate update = this.repository.updateRef(ref);
		update.setExpectedOldObjectId((expected != null) ? expected : ObjectId.zeroId());
		update.setNewObjectId(commit);
		update.setRefLogMessage("haven: commit", false);
		RefUpdate.Result result = update.update(walk);
		return switch (result) {
			case NEW, FAST_FORWARD -> true;
			case LOCK_FAILURE -> false;
			default -> throw new GitOpsWriteException("Could not move " + ref + ": " + result);
		};
	}

	public Repository repository() {
		return this.repository;
	}

	@Override
	public void close() {
		this.repository.close();
	}

}
