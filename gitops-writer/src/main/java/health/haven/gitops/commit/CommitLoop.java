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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * own commit and trailers.
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
		this.thread = new Thread(this::run, "gitops-commit-loop");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public synchronized void stop() {
		this.stopping = true;
		this.running = false;
		wake();
		if (this.thread != null) {
			try {
				// a pass under way finishes: its push is not cut in half
				this.thread.join(TimeUnit.SECONDS.toMillis(60));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
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
	 */
	public void drain() {
		List<QueuedChange> due;
		boolean wrote = false;
		while (!this.stopping && this.lease.isHeld() && !(due = this.queue.due(this.settings.batchSize())).isEmpty()) {
			write(due);
			wrote = true;
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
	 * {@link #gate}); the others go on.
	 */
	void write(List<QueuedChange> due) {
		List<QueuedChange> changes = due;
		try {
			// build on what this writer last saw, and fetch only when that may be stale:
			// a refused push, an unknown remote head, or a change that may have landed
			// before
			boolean fresh = this.refreshFirst || changes.stream().anyMatch(QueuedChange::attemptedBefore);
			ObjectId head = fresh ? this.repository.refresh() : this.repository.head();
			fresh = fresh || !this.repository.hasRemote();
			int attempt = 1;
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
				if (this.repository.publish(batch)) {
					this.refreshFirst = false;
					List<CommitQueue.Committed> committed = new ArrayList<>(pass.landed());
					for (int i = 0; i < pass.toWrite().size(); i++) {
						committed
							.add(new CommitQueue.Committed(pass.toWrite().get(i).queued(), batch.commits().get(i)));
					}
					this.queue.committed(committed);
					long created = batch.commits().stream().filter(Batch.Built::created).count();
					logger.info(
							"Committed {} change(s) to the GitOps repository ({} new commit(s), {} on the branch "
									+ "already), head {}",
							committed.size(), created, committed.size() - created,
							(batch.tip() != null) ? batch.tip().name() : "none");
					return;
				}
				if (attempt == MOVED_BRANCH_ATTEMPTS) {
					throw new GitOpsWriteException("the GitOps branch kept moving while other writers pushed");
				}
				logger.info("The GitOps branch moved while committing {} change(s); building them again (attempt {})",
						pass.toWrite().size(), attempt);
				this.refreshFirst = true;
				sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(0, 20) * attempt));
				head = this.repository.refresh();
				fresh = true;
				attempt++;
				changes = pass.stillDue();
			}
		}
		catch (GitOpsWriteException | IOException ex) {
			this.refreshFirst = true;
			logger.warn("The GitOps repository could not take {} change(s); trying again later: {}", changes.size(),
					ex.getMessage());
			this.queue.delayed(changes, ex.getMessage(), this.settings.backoff());
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
