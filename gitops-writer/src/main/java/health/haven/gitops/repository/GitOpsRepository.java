package health.haven.gitops.repository;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.errors.CancelledException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitOps repository, written without a working tree: each commit's tree is built from
 * its parent's by rewriting only the trees on the changed paths, commits that arrive
 * together are built on each other and published in one push, and the branch is moved
 * with compare-and-swap and pushed with a lease, never forced. An unchanged tree makes no
 * commit. Which changes are already on the branch the commit queue knows; for a commit
 * whose fate a crash hid, {@link #contains} and {@link #findCommitOf} tell.
 */
public class GitOpsRepository implements AutoCloseable {

	static final String REQUEST_TRAILER = "Haven-Request";

	/**
	 * The trailer of a commit that writes back what the portal wrote before a hand edit a
	 * person discarded; it ties the commit to its queued change as
	 * {@link #REQUEST_TRAILER} does for a request.
	 */
	public static final String RESTORE_TRAILER = "Haven-Restore";

	/**
	 * The id of the empty tree: what a folder that is not there holds.
	 */
	public static final String EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

	private static final Logger logger = LoggerFactory.getLogger(GitOpsRepository.class);

	private final Repository repository;

	private final GitOpsProperties properties;

	private final GitRemote remote;

	private final CommitSigner signer;

	private final Clock clock;

	// fetches update the remote-tracking branches: the writer's pass and the drift check
	// take turns
	private final Object fetching = new Object();

	// the packs are combined beside the writer's passes, one compaction at a time
	private final ExecutorService upkeep = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "gitops-pack-compaction");
		thread.setDaemon(true);
		return thread;
	});

	private volatile CompletableFuture<Void> compaction = CompletableFuture.completedFuture(null);

	private volatile boolean closing;

	public GitOpsRepository(GitOpsProperties properties, Clock clock) throws IOException {
		this(properties, GitKeys.none(), clock);
	}

	/**
	 * The repository, reaching its remote with the given keys and signing every commit
	 * when a signing key is given.
	 */
	public GitOpsRepository(GitOpsProperties properties, GitKeys keys, Clock clock) throws IOException {
		this(properties, properties.hasRemote() ? new PushingRemote(properties, keys) : GitRemote.NONE,
				(keys.signingKey() != null) ? CommitSigner.withSshKey(keys.signingKey()) : null, clock);
	}

	GitOpsRepository(GitOpsProperties properties, GitRemote remote, CommitSigner signer, Clock clock)
			throws IOException {
		this.properties = properties;
		this.remote = remote;
		this.signer = signer;
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
	 * Brings the local branch to what the remote holds now (nothing without a remote).
	 * @return the branch head, or {@code null} while the branch has no commit
	 */
	public ObjectId refresh() throws IOException {
		synchronized (this.fetching) {
			this.remote.refresh(this.repository, this.properties.branch());
		}
		return head();
	}

	/**
	 * Whether the repository has a remote; without one, this repository is the GitOps
	 * repository and its head is always current.
	 */
	public boolean hasRemote() {
		return this.properties.hasRemote();
	}

	/**
	 * The local branch head, or {@code null} while the branch has no commit.
	 */
	public ObjectId head() throws IOException {
		return this.repository.resolve(Constants.R_HEADS + this.properties.branch());
	}

	/**
	 * Whether this repository has the object, without asking the remote.
	 */
	public boolean knows(String sha) throws IOException {
		return sha != null && ObjectId.isId(sha) && this.repository.getObjectDatabase().has(ObjectId.fromString(sha));
	}

	/**
	 * Fetches what the remote holds, so that commits others made there become known (a
	 * revision a controller applied, say). Nothing without a remote.
	 */
	public void learnFromRemote() {
		synchronized (this.fetching) {
			this.remote.fetchAll(this.repository);
		}
	}

	/**
	 * Whether the commit is the head or one of its ancestors: its change is on the
	 * branch. False for a commit this repository does not know.
	 */
	public boolean contains(ObjectId head, String commit) throws IOException {
		if (head == null || commit == null) {
			return false;
		}
		if (!knows(commit) || !knows(head.name())) {
			return false;
		}
		ObjectId id = ObjectId.fromString(commit);
		try (RevWalk walk = new RevWalk(this.repository)) {
			return walk.isMergedInto(walk.parseCommit(id), walk.parseCommit(head));
		}
	}

	/**
	 * The commit on the branch whose {@code Haven-Request} trailer names the request.
	 * Looks newest first and no further back than {@code notBefore}: the walk costs the
	 * commits made since, not the history.
	 */
	public Optional<String> findCommitOf(ObjectId head, UUID requestId, Instant notBefore) throws IOException {
		return Optional.ofNullable(findCommitsOf(head, Set.of(requestId), notBefore).get(requestId));
	}

	/**
	 * For each request (or restore) whose commit is on the branch, that commit: one walk,
	 * newest first, no further back than {@code notBefore}.
	 */
	public Map<UUID, String> findCommitsOf(ObjectId head, Set<UUID> requests, Instant notBefore) throws IOException {
		Map<UUID, String> found = new HashMap<>();
		if (head == null || requests.isEmpty()) {
			return found;
		}
		Map<String, UUID> wanted = new HashMap<>();
		requests.forEach((id) -> wanted.put(id.toString(), id));
		long oldest = notBefore.getEpochSecond();
		try (RevWalk walk = new RevWalk(this.repository)) {
			walk.sort(RevSort.COMMIT_TIME_DESC);
			walk.markStart(walk.parseCommit(head));
			for (RevCommit commit : walk) {
				if (commit.getCommitTime() < oldest || found.size() == wanted.size()) {
					break;
				}
				for (String trailer : List.of(REQUEST_TRAILER, RESTORE_TRAILER)) {
					for (String id : commit.getFooterLines(trailer)) {
						UUID request = wanted.get(id.strip());
						if (request != null) {
							found.putIfAbsent(request, commit.name());
						}
					}
				}
			}
		}
		return found;
	}

	/**
	 * The id of the tree a folder has at a commit; {@link #EMPTY_TREE} when the commit
	 * has no such folder, or there is no commit yet.
	 */
	public String folderAt(ObjectId commit, String folder) throws IOException {
		ObjectId tree = folderTree(commit, folder);
		return (tree != null) ? tree.name() : EMPTY_TREE;
	}

	private ObjectId folderTree(ObjectId commit, String folder) throws IOException {
		if (commit == null) {
			return null;
		}
		try (RevWalk walk = new RevWalk(this.repository);
				TreeWalk tree = TreeWalk.forPath(this.repository, folder, walk.parseCommit(commit).getTree())) {
			return (tree != null && tree.getFileMode(0) == FileMode.TREE) ? tree.getObjectId(0) : null;
		}
	}

	/**
	 * The head of the branch as the remote holds it now, fetched without touching the
	 * branch the writer builds on (the local branch without a remote).
	 */
	public ObjectId observedHead() throws IOException {
		if (!this.properties.hasRemote()) {
			return head();
		}
		synchronized (this.fetching) {
			this.remote.fetchAll(this.repository);
			return this.repository.resolve(Constants.R_REMOTES + "origin/" + this.properties.branch());
		}
	}

	/**
	 * What changed from one tree of a folder to another, as a unified diff with the
	 * folder's paths, at most {@code limit} characters.
	 */
	public String diff(String from, String to, String folder, int limit) throws IOException {
		return diff(tree(from), tree(to), folder, limit);
	}

	private static ObjectId tree(String id) {
		return (id == null || EMPTY_TREE.equals(id)) ? null : ObjectId.fromString(id);
	}

	private String diff(ObjectId from, ObjectId to, String folder, int limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ObjectReader reader = this.repository.newObjectReader();
				DiffFormatter formatter = new DiffFormatter(out)) {
			formatter.setRepository(this.repository);
			formatter.setOldPrefix("a/" + folder + "/");
			formatter.setNewPrefix("b/" + folder + "/");
			formatter.format(iterator(reader, from), iterator(reader, to));
		}
		String diff = out.toString(StandardCharsets.UTF_8);
		return (diff.length() > limit) ? diff.substring(0, limit) + "\n… (diff cut at " + limit + " characters)" : diff;
	}

	/**
	 * A unified diff from what the branch holds now to the given files: the folder's
	 * files (a file the folder holds and the change does not is shown removed) and every
	 * other path of the change. Nothing is written.
	 * @param files the change's files, by their paths in the repository
	 */
	public String diffAgainstHead(Map<String, byte[]> files, String folder, int limit) throws IOException {
		Map<String, byte[]> current = new TreeMap<>();
		ObjectId head = head();
		if (head != null) {
			ObjectId folderTree = folderTree(head, folder);
			if (folderTree != null) {
				current.putAll(files(folderTree.name(), folder));
			}
			try (RevWalk walk = new RevWalk(this.repository)) {
				ObjectId root = walk.parseCommit(head).getTree();
				for (String path : files.keySet()) {
					if (!path.startsWith(folder + "/")) {
						try (TreeWalk file = TreeWalk.forPath(this.repository, path, root)) {
							if (file != null && file.getFileMode(0) != FileMode.TREE) {
								current.put(path, this.repository.open(file.getObjectId(0)).getBytes());
							}
						}
					}
				}
			}
		}
		Set<String> paths = new TreeSet<>(current.keySet());
		paths.addAll(files.keySet());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DiffFormatter formatter = new DiffFormatter(out)) {
			for (String path : paths) {
				byte[] before = current.getOrDefault(path, new byte[0]);
				// a path without content is removed by the change
				byte[] after = (files.get(path) != null) ? files.get(path) : new byte[0];
				if (Arrays.equals(before, after)) {
					continue;
				}
				RawText a = new RawText(before);
				RawText b = new RawText(after);
				out.write(("--- " + (current.containsKey(path) ? "a/" + path : "/dev/null") + "\n+++ "
						+ ((files.get(path) != null) ? "b/" + path : "/dev/null") + "\n")
					.getBytes(StandardCharsets.UTF_8));
				formatter.format(DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
					.diff(RawTextComparator.DEFAULT, a, b), a, b);
				if (out.size() > limit) {
					break;
				}
			}
		}
		String diff = out.toString(StandardCharsets.UTF_8);
		return (diff.length() > limit) ? diff.substring(0, limit) + "\n… (diff cut at " + limit + " characters)" : diff;
	}

	/**
	 * The files of a tree written into a folder, by their paths in the repository.
	 */
	public Map<String, byte[]> files(String tree, String folder) throws IOException {
		Map<String, byte[]> files = new TreeMap<>();
		try (TreeWalk walk = new TreeWalk(this.repository)) {
			walk.addTree(ObjectId.fromString(tree));
			walk.setRecursive(true);
			while (walk.next()) {
				files.put(folder + "/" + walk.getPathString(), this.repository.open(walk.getObjectId(0)).getBytes());
			}
		}
		return files;
	}

	/**
	 * A change an earlier attempt put on the branch at {@code sha}, as if this pass had
	 * built it: the tree its files make of its folder, and the tree the folder has there.
	 */
	public Batch.Built landed(String sha, RepositoryChange change) throws IOException {
		// the objects exist already (the commit holds them): inserting them writes
		// nothing
		try (ObjectInserter inserter = this.repository.newObjectInserter();
				ObjectReader reader = inserter.newReader()) {
			ObjectId rendered = new PathTreeEditor(reader, inserter).treeOf(change.folderFiles());
			inserter.flush();
			ObjectId folderTree = folderTree(ObjectId.fromString(sha), change.ownedFolder());
			return new Batch.Built(change.requestId(), sha, false, rendered.name(),
					(folderTree != null) ? folderTree.name() : rendered.name());
		}
	}

	private static AbstractTreeIterator iterator(ObjectReader reader, ObjectId tree) throws IOException {
		if (tree == null) {
			return new EmptyTreeIterator();
		}
		CanonicalTreeParser parser = new CanonicalTreeParser();
		parser.reset(reader, tree);
		return parser;
	}

	/**
	 * Builds one commit per change on top of the head, each on the one before, in the
	 * order given; a change the branch holds already makes no commit. Nothing is
	 * published yet: see {@link #publish}.
	 */
	public Batch build(ObjectId head, List<RepositoryChange> changes) throws IOException {
		List<Batch.Built> built = new ArrayList<>();
		try (RecordingInserter inserter = new RecordingInserter(newInserter());
				ObjectReader reader = inserter.newReader();
				RevWalk walk = new RevWalk(reader)) {
			PathTreeEditor editor = new PathTreeEditor(reader, inserter);
			ObjectId tip = head;
			ObjectId tipTree = (head != null) ? walk.parseCommit(head).getTree() : null;
			for (RepositoryChange change : changes) {
				ObjectId rendered = editor.treeOf(change.folderFiles());
				ObjectId folderTree = (change.mergeBase() != null)
						? merge(inserter, change.mergeBase(), change.mergeOurs(), rendered, change) : rendered;
				ObjectId tree = editor.apply(tipTree, change, folderTree);
				if (tip != null && tree.equals(tipTree)) {
					built.add(
							new Batch.Built(change.requestId(), tip.name(), false, rendered.name(), folderTree.name()));
					continue;
				}
				tip = inserter.insert(commit(change, tree, tip));
				tipTree = tree;
				built.add(new Batch.Built(change.requestId(), tip.name(), true, rendered.name(), folderTree.name()));
			}
			inserter.flush();
			return new Batch(head, tip, built, inserter.inserted());
		}
	}

	/**
	 * An inserter that writes a pass's objects as one pack rather than hundreds of loose
	 * files (measured: about six times faster for a pass of forty changes). JGit keeps it
	 * in its internal package; {@link #repackIfNeeded} keeps the packs few.
	 */
	private ObjectInserter newInserter() {
		if (!(this.repository.getObjectDatabase() instanceof ObjectDirectory directory)) {
			return this.repository.newObjectInserter();
		}
		PackInserter inserter = directory.newPackInserter();
		// a pass's pack lives until the next repack, which compresses it properly: the
		// fastest level halves the cost of a large tree (a cluster's folder) per commit
		inserter.setCompressionLevel(Deflater.BEST_SPEED);
		// not asking the repository first whether it has each object: a miss (most of a
		// pass's objects are new) looked through every pack and then the folder's file
		// times, about a fifth of a pass's time (measured). An object the repository
		// had already is written again into the pass's pack, which git allows; the next
		// compaction keeps one copy
		inserter.checkExisting(false);
		return inserter;
	}

	/**
	 * Starts combining the small packs the passes left once many have gathered (see
	 * {@link PackCompaction}), so that lookups stay fast. The writer calls it between
	 * passes; the work runs beside its later passes, one compaction at a time, and a
	 * failure is logged (the packs stay as they were).
	 * @return the compaction started, or empty when none is due or one is under way
	 */
	public synchronized Optional<CompletableFuture<Void>> repackIfNeeded() throws IOException {
		if (!(this.repository instanceof FileRepository file) || !this.compaction.isDone() || this.closing) {
			return Optional.empty();
		}
		Optional<PackCompaction> due = PackCompaction.due(file);
		if (due.isEmpty()) {
			return Optional.empty();
		}
		this.compaction = CompletableFuture.runAsync(() -> {
			try {
				due.get().run(() -> this.closing);
			}
			catch (CancelledException ex) {
				logger.info("Stopped combining the GitOps repository's packs: it is being closed");
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Could not combine the GitOps repository's packs; they stay as they were: {}",
						ex.getMessage(), ex);
				throw (ex instanceof RuntimeException runtime) ? runtime
						: new UncheckedIOException(ex.getMessage(), (IOException) ex);
			}
		}, this.upkeep);
		return Optional.of(this.compaction);
	}

	/**
	 * Moves the branch from the batch's base to its tip (compare-and-swap) and pushes it
	 * to the remote with a lease on the base: never forced.
	 * @return false when the branch moved meanwhile; the batch must be built again on the
	 * new head
	 * @throws GitOpsWriteException when the remote cannot be reached or refuses the push
	 */
	public boolean publish(Batch batch) throws IOException {
		if (!batch.changesBranch()) {
			return true;
		}
		String ref = Constants.R_HEADS + this.properties.branch();
		try (RevWalk walk = new RevWalk(this.repository)) {
			return moveBranch(ref, batch.base(), batch.tip(), walk)
					&& this.remote.publish(this.repository, this.properties.branch(), batch);
		}
	}

	/**
	 * A hand edit that was accepted survives a change: the change's new render merged
	 * onto the accepted tree from the render before it.
	 * @throws FolderMergeConflict when the edit and the change touch the same lines
	 */
	private ObjectId merge(ObjectInserter inserter, String base, String ours, ObjectId theirs, RepositoryChange change)
			throws IOException {
		ResolveMerger merger = (ResolveMerger) MergeStrategy.RESOLVE.newMerger(inserter, this.repository.getConfig());
		merger.setBase(ObjectId.fromString(base));
		if (!merger.merge(ObjectId.fromString(ours), theirs)) {
			throw new FolderMergeConflict(change.ownedFolder(), merger.getUnmergedPaths());
		}
		return merger.getResultTreeId();
	}

	private CommitBuilder commit(RepositoryChange change, ObjectId tree, ObjectId parent) throws IOException {
		PersonIdent ident = new PersonIdent(this.properties.authorName(), this.properties.authorEmail(),
				this.clock.instant(), ZoneOffset.UTC);
		CommitBuilder commit = new CommitBuilder();
		commit.setTreeId(tree);
		if (parent != null) {
			commit.setParentId(parent);
		}
		commit.setAuthor(ident);
		commit.setCommitter(ident);
		commit.setMessage(change.message());
		if (this.signer != null) {
			this.signer.sign(this.repository, commit, ident);
		}
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

	/**
	 * Stops a compaction under way (it leaves every pack it was to replace) and closes
	 * the repository.
	 */
	@Override
	public void close() {
		synchronized (this) {
			// a compaction the writer starts meanwhile starts before this, or not at all
			this.closing = true;
			this.upkeep.shutdown();
		}
		try {
			if (!this.upkeep.awaitTermination(30, TimeUnit.SECONDS)) {
				logger.warn("The GitOps repository's pack compaction did not stop within 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.repository.close();
	}

}
