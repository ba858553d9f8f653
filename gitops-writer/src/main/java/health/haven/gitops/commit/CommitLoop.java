package health.haven.gitops.commit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import health.haven.gitops.lease.WriterLease;
import health.haven.gitops.repository.Batch;
import health.haven.gitops.repository.FolderMergeConflict;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.gitops.repository.GitOpsWriteException;
import health.haven.gitops.repository.RepositoryChange;

/**
 * The one writer: while this replica holds the writer lease, takes what is due from the
 * queue and commits it, a commit per change and one push per pass. The more changes wait,
 * the more each pass takes, so throughput grows with load while every change keeps its
 * own commit and trailers. With a remote, the next pass is built while the one before is
 * pushed (see {@link #drain}).
 *
 * <p>
 * Exactly once: before a pass publishes its commits their ids are recorded in the queue,
 * and a change attempted before is looked for on the branch by its trailer before it is
 * built again: one walk per pass, back to when the oldest such change was queued. A
 * repository that cannot take the pass (unreachable, a refused push, a branch that keeps
 * moving) delays its changes with backoff; the changes stay queued and nothing is ever
 * given up for such a cause.
 */
public class CommitLoop implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(CommitLoop.class);

	// another writer is pushing: build again on its head a few times before backing off
	private static final int MOVED_BRANCH_ATTEMPTS = 5;

	// commit times come from the writer's clock, queue times from any replica's
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	// a diff shown on an environment: enough for a hand edit, never a whole folder
	// rewritten
	public static final int DIFF_LIMIT = 64 * 1024;

	private final CommitQueue queue;

	private final FolderRecords folders;

	private final GitOpsRepository repository;

	private final WriterLease lease;

	private final CommitLoopSettings settings;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition signal = this.lock.newCondition();

	private boolean woken;

	private volatile boolean running;

	// whether the next pass fetches before it builds: at first, and after a refused push
	private volatile boolean refreshFirst = true;

	// set when the portal stops: no new pass starts, the one under way finishes
	private volatile boolean stopping;

	private Thread thread;

	// where a pass's push runs while the next pass is built; its one thread ends when
	// idle
	private final ThreadPoolExecutor pushes = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(), (task) -> Daemons.thread("gitops-push", task));

	// passes built beside a push: published after it, and dropped because it did not land
	private final AtomicLong builtBesideAPush = new AtomicLong();

	private final AtomicLong droppedBesideAPush = new AtomicLong();

	public CommitLoop(CommitQueue queue, FolderRecords folders, GitOpsRepository repository, WriterLease lease,
			CommitLoopSettings settings, Clock clock) {
		this.queue = queue;
		this.folders = folders;
		this.repository = repository;
		this.lease = lease;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Something was queued: look at the queue now rather than at the next poll.
	 */
	public void wake() {
		this.lock.lock();
		try {
			this.woken = true;
			this.signal.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Something was queued in the transaction under way: look at the queue once it is
	 * committed (at once, outside a transaction).
	 */
	public void wakeAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					wake();
				}
			});
		}
		else {
			wake();
		}
	}

	@Override
	public synchronized void start() {
		this.stopping = false;
		this.running = true;
		this.thread = Daemons.thread("gitops-commit-loop", this::run);
		this.thread.start();
	}

	@Override
	public synchronized void stop() {
		this.stopping = true;
		this.running = false;
		wake();
		if (this.thread != null) {
			// a pass under way finishes: its push is not cut in half
			Daemons.awaitEnd(this.thread, Duration.ofSeconds(60));
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			try {
				if (this.lease.isHeld()) {
					drain();
				}
				awaitWork();
			}
			catch (RuntimeException ex) {
				// the database may be away: keep the loop, try again after a pause
				logger.error("The GitOps commit loop failed; trying again shortly", ex);
				sleep(this.settings.backoff().first());
			}
		}
	}

	/**
	 * Takes passes until nothing is due (or the lease is gone), then starts combining the
	 * repository's packs if its passes left many small ones: decided between passes,
	 * where it copies least, and run beside the next ones. The loop's own thread calls it
	 * whenever it wakes.
	 *
	 * <p>
	 * With a remote, a pass's push is left under way while the next pass is built on its
	 * commits: from changes of other folders than the pushing pass's (their folder
	 * records are final), and only when nothing needs a fetch first (a hand edit, a
	 * change attempted before, a change the branch may hold already). That pass is
	 * recorded and published only once the push before it landed; if that push did not
	 * land, the pass is dropped before anything of it was recorded, and its changes are
	 * taken again the usual way.
	 */
	public void drain() {
		boolean wrote = false;
		Pushing pushing = null;
		try {
			// a push under way is seen through (and reported) even when the loop stops
			while (pushing != null || (!this.stopping && this.lease.isHeld())) {
				if (pushing == null) {
					List<QueuedChange> due = this.queue.due(this.settings.batchSize());
					if (due.isEmpty()) {
						break;
					}
					pushing = write(due, 1);
					wrote = true;
					continue;
				}
				Prepared next = prepareBeside(pushing);
				// while the push lasts, changes that fall due join the pass built beside
				// it: with a slow server, passes (one push each) would otherwise grow
				// small
				while (!this.refreshFirst && writing() && (next == null || room(next) > 0)
						&& awaitPushOrArrival(pushing)) {
					next = (next == null) ? prepareBeside(pushing) : withChangesDueSince(next, pushing);
				}
				Pushing pushed = pushing;
				pushing = null;
				Outcome outcome = outcome(pushed);
				if (outcome != Outcome.LANDED) {
					dropped(next);
					pushing = (outcome == Outcome.MOVED) ? afterMovedBranch(pushed) : null;
					continue;
				}
				if (next != null && writing()) {
					this.queue.plan(next.batch().commits());
					pushing = push(next.pass(), next.batch(), 1);
					this.builtBesideAPush.incrementAndGet();
				}
				else {
					dropped(next);
				}
				report(pushed.pass(), pushed.batch());
			}
		}
		finally {
			if (pushing != null) {
				// something failed beside a push: the push is not cut in half;
				// what it leaves unreported, the next pass finds on the branch
				// by its planned commit
				awaitQuietly(pushing);
				this.refreshFirst = true;
			}
		}
		if (wrote) {
			try {
				this.repository.repackIfNeeded();
			}
			catch (IOException ex) {
				logger.warn("{}", ex.getMessage());
			}
		}
	}

	/**
	 * One pass: commits the changes on the branch head, publishes them together, and
	 * reports each; or delays them all when the repository cannot take them. A change
	 * whose folder holds a hand edit is held for a person's decision instead (see
	 * {@link #gate}); the others go on. With a remote the push is left under way.
	 * @param attempt how many times the branch has moved under these changes, plus one
	 * @return the push left under way, to be seen through with {@link #outcome}
	 */
	Pushing write(List<QueuedChange> due, int attempt) {
		List<QueuedChange> changes = due;
		try {
			// build on what this writer last saw, and fetch only when that may be stale:
			// a refused push, an unknown remote head, or a change that may have landed
			// before
			boolean fresh = this.refreshFirst || changes.stream().anyMatch(QueuedChange::attemptedBefore);
			ObjectId head = fresh ? this.repository.refresh() : this.repository.head();
			fresh = fresh || !this.repository.hasRemote();
			while (!changes.isEmpty()) {
				Pass pass = gate(changes, earlierCommits(changes, head), head);
				if (!pass.held().isEmpty() && !fresh) {
					// a hand edit, or only a head this writer saw before another wrote
					head = this.repository.refresh();
					fresh = true;
					continue;
				}
				for (Held held : pass.held()) {
					this.queue.hold(held.changes(), held.record(), held.tree(), held.diff(), held.reason(),
							held.conflict());
					logger.warn("Holding {} change(s) of {}: {}", held.changes().size(), held.record().folder(),
							held.reason());
				}
				changes = pass.stillDue();
				Batch batch;
				try {
					batch = this.repository.build(head, pass.toWrite().stream().map(Pass.ToWrite::change).toList());
				}
				catch (FolderMergeConflict conflict) {
					holdConflicting(pass, conflict);
					changes = pass.without(conflict.folder());
					continue;
				}
				if (!fresh && batch.commits().stream().anyMatch((built) -> !built.created())) {
					// "the branch holds it already" is only true of the branch as it is
					// now
					head = this.repository.refresh();
					fresh = true;
					continue;
				}
				this.queue.plan(batch.commits());
				if (this.repository.hasRemote() && batch.changesBranch()) {
					return push(pass, batch, attempt);
				}
				if (this.repository.publish(batch)) {
					this.refreshFirst = false;
					report(pass, batch);
					return null;
				}
				if (attempt == MOVED_BRANCH_ATTEMPTS) {
					throw new GitOpsWriteException("the GitOps branch kept moving while other writers pushed");
				}
				logMoved(pass, attempt);
				head = this.repository.refresh();
				fresh = true;
				attempt++;
				changes = pass.stillDue();
			}
		}
		catch (GitOpsWriteException | IOException ex) {
			delay(changes, ex.getMessage());
		}
		return null;
	}

	/**
	 * Starts publishing a pass beside the loop: the branch moved to its commits and
	 * pushed.
	 */
	private Pushing push(Pass pass, Batch batch, int attempt) {
		CompletableFuture<Boolean> push = CompletableFuture.supplyAsync(() -> {
			try {
				return this.repository.publish(batch);
			}
			catch (IOException ex) {
				throw new CompletionException(ex);
			}
		}, this.pushes);
		// once done: the loop may be waiting beside it
		push.whenComplete((landed, failure) -> pushDone());
		return new Pushing(pass, batch, attempt, push);
	}

	/**
	 * Tells the loop, waiting beside a push for changes, that the push is done.
	 */
	private void pushDone() {
		this.lock.lock();
		try {
			this.signal.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for a pass's push. When the remote could not take it, its changes are
	 * delayed, as a pass does.
	 */
	private Outcome outcome(Pushing pushing) {
		try {
			if (pushing.push().get()) {
				this.refreshFirst = false;
				return Outcome.LANDED;
			}
			return Outcome.MOVED;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GitOpsWriteException || ex.getCause() instanceof IOException) {
				delay(pushing.pass().stillDue(), ex.getCause().getMessage());
				return Outcome.DELAYED;
			}
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GitOpsWriteException("Interrupted while pushing to the GitOps remote", ex);
		}
	}

	/**
	 * After a push that found the branch moved, the pass's changes are built again on its
	 * new head, at most {@link #MOVED_BRANCH_ATTEMPTS} times in all.
	 */
	private Pushing afterMovedBranch(Pushing moved) {
		if (!writing()) {
			// taken again by the next writer, which looks for its planned commits first
			return null;
		}
		if (moved.attempt() == MOVED_BRANCH_ATTEMPTS) {
			delay(moved.pass().stillDue(), "the GitOps branch kept moving while other writers pushed");
			return null;
		}
		logMoved(moved.pass(), moved.attempt());
		return write(moved.pass().stillDue(), moved.attempt() + 1);
	}

	private void logMoved(Pass pass, int attempt) {
		logger.info("The GitOps branch moved while committing {} change(s); building them again (attempt {})",
				pass.toWrite().size(), attempt);
		this.refreshFirst = true;
		sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(0, 20) * attempt));
	}

	private void delay(List<QueuedChange> changes, String reason) {
		this.refreshFirst = true;
		logger.warn("The GitOps repository could not take {} change(s); trying again later: {}", changes.size(),
				reason);
		this.queue.delayed(changes, reason, this.settings.backoff());
	}

	/**
	 * Records each change of a pass that landed as committed, and reports it.
	 */
	private void report(Pass pass, Batch batch) {
		List<CommitQueue.Committed> committed = new ArrayList<>(pass.landed());
		for (int i = 0; i < pass.toWrite().size(); i++) {
			committed.add(new CommitQueue.Committed(pass.toWrite().get(i).queued(), batch.commits().get(i)));
		}
		this.queue.committed(committed);
		long created = batch.commits().stream().filter(Batch.Built::created).count();
		logger.info(
				"Committed {} change(s) to the GitOps repository ({} new commit(s), {} on the branch already), head {}",
				committed.size(), created, committed.size() - created,
				(batch.tip() != null) ? batch.tip().name() : "none");
	}

	/**
	 * The next pass, built on the commits of the one being pushed (see
	 * {@link #buildBeside}).
	 */
	private Prepared prepareBeside(Pushing pushing) {
		if (this.refreshFirst || !writing()) {
			return null;
		}
		return buildBeside(pushing.pass().stillDue(), List.of(), pushing.batch().tip(), this.settings.batchSize());
	}

	private int room(Prepared next) {
		return this.settings.batchSize() - next.pass().toWrite().size();
	}

	/**
	 * Waits until the push is done or something was queued.
	 * @return true when something was queued while the push is still under way
	 */
	private boolean awaitPushOrArrival(Pushing pushing) {
		this.lock.lock();
		try {
			while (!pushing.push().isDone() && !this.woken) {
				this.signal.await(50, TimeUnit.MILLISECONDS);
			}
			boolean arrived = this.woken && !pushing.push().isDone();
			if (arrived) {
				this.woken = false;
			}
			return arrived;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The pass built beside a push, with the changes that fell due since on top.
	 */
	private Prepared withChangesDueSince(Prepared next, Pushing pushing) {
		Prepared more = buildBeside(pushing.pass().stillDue(), next.pass().stillDue(), next.batch().tip(), room(next));
		if (more == null) {
			return next;
		}
		return next.followedBy(more);
	}

	/**
	 * A pass built on {@code head} from the changes due of other folders than those of
	 * {@code pushed} and {@code built}; {@code null} when there are none, or when one of
	 * them needs what cannot be had while a push is under way: a fetch (a hand edit, a
	 * change attempted before, a change the branch may hold already) or a person (a
	 * conflict with an accepted edit). Nothing is recorded: those changes stay queued as
	 * they are.
	 */
	private Prepared buildBeside(List<QueuedChange> pushed, List<QueuedChange> built, ObjectId head, int limit) {
		// a folder's changes are taken in order, one pass at a time: the pushing and the
		// built pass's folders (their own changes among them) wait
		Set<String> folders = new HashSet<>();
		pushed.forEach((change) -> folders.add(change.folder()));
		built.forEach((change) -> folders.add(change.folder()));
		List<QueuedChange> due = this.queue.dueOutside(folders, limit);
		if (due.isEmpty() || due.stream().anyMatch(QueuedChange::attemptedBefore)) {
			return null;
		}
		try {
			Pass pass = gate(due, Map.of(), head);
			if (!pass.held().isEmpty() || !pass.landed().isEmpty()) {
				return null;
			}
			Batch batch = this.repository.build(head, pass.toWrite().stream().map(Pass.ToWrite::change).toList());
			return batch.commits().stream().allMatch(Batch.Built::created) ? new Prepared(pass, batch) : null;
		}
		catch (FolderMergeConflict ex) {
			return null;
		}
		catch (IOException ex) {
			logger.debug("Could not build the next pass beside a push; it waits for the push: {}", ex.getMessage());
			return null;
		}
	}

	private void dropped(Prepared next) {
		if (next != null) {
			this.droppedBesideAPush.incrementAndGet();
			logger.debug("Dropped the {} change(s) built beside a push that did not land; they are taken again",
					next.pass().toWrite().size());
		}
	}

	/**
	 * How many passes were built while the pass before them was pushed and then
	 * published, since this loop was made.
	 */
	public long passesBuiltBesideAPush() {
		return this.builtBesideAPush.get();
	}

	/**
	 * How many passes were built while the pass before them was pushed and then dropped
	 * (that push did not land, or the loop stopped), since this loop was made.
	 */
	public long passesDroppedBesideAPush() {
		return this.droppedBesideAPush.get();
	}

	private boolean writing() {
		return !this.stopping && this.lease.isHeld();
	}

	private static void awaitQuietly(Pushing pushing) {
		try {
			pushing.push().get();
		}
		catch (ExecutionException ex) {
			logger.debug("A push under way when the pass stopped failed: {}", ex.getCause().getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Sorts the changes of a pass: those an earlier attempt put on the branch already,
	 * those to write (merged onto a hand edit a person accepted, where there is one), and
	 * those whose folder holds what the writer does not expect there: a hand edit, held
	 * until a person accepts or discards it. A second change of a folder waits for the
	 * next pass, so that each is checked against what the one before wrote.
	 */
	private Pass gate(List<QueuedChange> changes, Map<UUID, String> earlier, ObjectId head) throws IOException {
		Map<String, FolderRecords.FolderRecord> records = this.folders
			.get(changes.stream().map(QueuedChange::folder).collect(Collectors.toSet()));
		Pass pass = new Pass();
		Map<String, Held> heldByFolder = new HashMap<>();
		Set<String> seen = new HashSet<>();
		for (QueuedChange change : changes) {
			if (!seen.add(change.folder())) {
				Held held = heldByFolder.get(change.folder());
				if (held != null) {
					held.changes().add(change);
				}
				continue;
			}
			RepositoryChange toWrite = repositoryChange(change);
			String sha = earlier.get(change.requestId());
			if (sha != null) {
				pass.landed().add(new CommitQueue.Committed(change, this.repository.landed(sha, toWrite)));
				continue;
			}
			FolderRecords.FolderRecord record = records.get(change.folder());
			if (record == null) {
				// a folder the writer has not written yet (or not since drift was
				// tracked)
				pass.toWrite().add(new Pass.ToWrite(change, toWrite));
				continue;
			}
			String current = this.repository.folderAt(head, change.folder());
			if (!record.allows(current)) {
				Held held = new Held(record, current,
						this.repository.diff(record.expectedTree(), current, change.folder(), DIFF_LIMIT),
						"The folder " + change.folder() + " was edited outside Haven; the change waits until a "
								+ "platform administrator accepts or discards the edit",
						false, new ArrayList<>(List.of(change)));
				heldByFolder.put(change.folder(), held);
				pass.held().add(held);
				continue;
			}
			boolean merge = !change.isRestore() && record.keepsAnAcceptedEdit();
			pass.toWrite()
				.add(new Pass.ToWrite(change,
						merge ? toWrite.mergedOnto(record.renderedTree(), record.expectedTree()) : toWrite));
		}
		return pass;
	}

	/**
	 * The change's render cannot be merged onto the hand edit a person accepted for its
	 * folder: it is held, and the edit is shown again for a person to discard.
	 */
	private void holdConflicting(Pass pass, FolderMergeConflict conflict) throws IOException {
		List<QueuedChange> conflicting = pass.toWrite()
			.stream()
			.map(Pass.ToWrite::queued)
			.filter((change) -> change.folder().equals(conflict.folder()))
			.toList();
		FolderRecords.FolderRecord record = this.folders.get(conflict.folder()).orElseThrow();
		this.queue.hold(conflicting, record, record.expectedTree(),
				this.repository.diff(record.renderedTree(), record.expectedTree(), conflict.folder(), DIFF_LIMIT),
				conflict.getMessage(), true);
		logger.warn("Holding {} change(s): {}", conflicting.size(), conflict.getMessage());
	}

	private RepositoryChange repositoryChange(QueuedChange change) throws IOException {
		if (!change.isRestore()) {
			return change.toRepositoryChange();
		}
		return new RepositoryChange(change.requestId(), change.folder(),
				this.repository.files(change.restoreTree(), change.folder()), change.message());
	}

	/**
	 * The commits that already hold changes an earlier attempt may have published (their
	 * trailers say whose): one walk of the branch back to when the oldest of them was
	 * queued, whoever made the commit (this writer before a crash, or one whose lease ran
	 * out).
	 */
	private Map<UUID, String> earlierCommits(List<QueuedChange> changes, ObjectId head) throws IOException {
		Set<UUID> attempted = new HashSet<>();
		Instant oldest = null;
		for (QueuedChange change : changes) {
			if (change.attemptedBefore()) {
				attempted.add(change.requestId());
				oldest = (oldest == null || change.queuedAt().isBefore(oldest)) ? change.queuedAt() : oldest;
			}
		}
		return attempted.isEmpty() ? Map.of()
				: this.repository.findCommitsOf(head, attempted, oldest.minus(CLOCK_SKEW));
	}

	private void awaitWork() {
		Duration wait = this.settings.pollInterval();
		if (this.lease.isHeld()) {
			Optional<Instant> next = this.queue.nextDue();
			if (next.isPresent()) {
				Duration untilDue = Duration.between(this.clock.instant(), next.get());
				wait = untilDue.isNegative() ? Duration.ZERO : (untilDue.compareTo(wait) < 0 ? untilDue : wait);
			}
		}
		this.lock.lock();
		try {
			if (!this.woken && !wait.isZero()) {
				this.signal.await(wait.toMillis(), TimeUnit.MILLISECONDS);
			}
			this.woken = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * What a pass does with its changes.
	 */
	private static final class Pass {

		private final List<CommitQueue.Committed> landed = new ArrayList<>();

		private final List<ToWrite> toWrite = new ArrayList<>();

		private final List<Held> held = new ArrayList<>();

		List<CommitQueue.Committed> landed() {
			return this.landed;
		}

		List<ToWrite> toWrite() {
			return this.toWrite;
		}

		List<Held> held() {
			return this.held;
		}

		/**
		 * What the pass still has to write when it builds again.
		 */
		List<QueuedChange> stillDue() {
			List<QueuedChange> due = new ArrayList<>();
			this.landed.forEach((committed) -> due.add(committed.change()));
			this.toWrite.forEach((change) -> due.add(change.queued()));
			return due;
		}

		List<QueuedChange> without(String folder) {
			return stillDue().stream().filter((change) -> !change.folder().equals(folder)).toList();
		}

		record ToWrite(QueuedChange queued, RepositoryChange change) {
		}

	}

	/**
	 * A pass whose push is under way.
	 *
	 * @param attempt how many times the branch has moved under its changes, plus one
	 * @param push whether the branch took the pass (false: it had moved)
	 */
	private record Pushing(Pass pass, Batch batch, int attempt, Future<Boolean> push) {
	}

	/**
	 * What became of a push.
	 */
	private enum Outcome {

		LANDED, MOVED, DELAYED

	}

	/**
	 * A pass built beside a push, not yet recorded.
	 */
	private record Prepared(Pass pass, Batch batch) {

		/**
		 * This pass and then {@code more}, built on its tip: one push, one report.
		 */
		Prepared followedBy(Prepared more) {
			Pass joined = new Pass();
			joined.toWrite().addAll(this.pass.toWrite());
			joined.toWrite().addAll(more.pass.toWrite());
			return new Prepared(joined, this.batch.followedBy(more.batch));
		}

	}

	/**
	 * Changes held because their folder holds what the writer does not expect there.
	 */
	private record Held(FolderRecords.FolderRecord record, String tree, String diff, String reason, boolean conflict,
			List<QueuedChange> changes) {
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
