package health.haven.gitops.commit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import health.haven.gitops.lease.WriterLease;
import health.haven.gitops.repository.Batch;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.gitops.repository.GitOpsWriteException;

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

	private final CommitQueue queue;

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

	public CommitLoop(CommitQueue queue, GitOpsRepository repository, WriterLease lease, CommitLoopSettings settings,
			Clock clock) {
		this.queue = queue;
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
	 * Takes passes until nothing is due (or the lease is gone), then repacks the
	 * repository if its passes left many small packs. The loop's own thread calls it
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
	 * reports each; or delays them all when the repository cannot take them.
	 */
	void write(List<QueuedChange> changes) {
		try {
			// build on what this writer last saw, and fetch only when that may be stale:
			// a
			// refused push, an unknown remote head, or a change that may have landed
			// before
			ObjectId head = (this.refreshFirst || changes.stream().anyMatch(QueuedChange::attemptedBefore))
					? this.repository.refresh() : this.repository.head();
			for (int attempt = 1; attempt <= MOVED_BRANCH_ATTEMPTS; attempt++) {
				Map<UUID, String> earlier = earlierCommits(changes, head);
				List<CommitQueue.Committed> committed = new ArrayList<>();
				List<QueuedChange> toWrite = new ArrayList<>();
				for (QueuedChange change : changes) {
					String sha = earlier.get(change.requestId());
					if (sha != null) {
						committed.add(new CommitQueue.Committed(change, sha));
					}
					else {
						toWrite.add(change);
					}
				}
				Batch batch = this.repository.build(head,
						toWrite.stream().map(QueuedChange::toRepositoryChange).toList());
				this.queue.plan(batch.commits());
				if (this.repository.publish(batch)) {
					this.refreshFirst = false;
					for (int i = 0; i < toWrite.size(); i++) {
						committed.add(new CommitQueue.Committed(toWrite.get(i), batch.commits().get(i).sha()));
					}
					this.queue.committed(committed);
					logger.info(
							"Committed {} change(s) to the GitOps repository ({} new commit(s), {} on the branch "
									+ "already), head {}",
							changes.size(), batch.commits().stream().filter(Batch.Built::created).count(),
							changes.size() - batch.commits().stream().filter(Batch.Built::created).count(),
							(batch.tip() != null) ? batch.tip().name() : "none");
					return;
				}
				logger.info("The GitOps branch moved while committing {} change(s); building them again (attempt {})",
						toWrite.size(), attempt);
				this.refreshFirst = true;
				sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(0, 20) * attempt));
				head = this.repository.refresh();
			}
			throw new GitOpsWriteException("the GitOps branch kept moving while other writers pushed");
		}
		catch (GitOpsWriteException | IOException ex) {
			this.refreshFirst = true;
			logger.warn("The GitOps repository could not take {} change(s); trying again later: {}", changes.size(),
					ex.getMessage());
			this.queue.delayed(changes, ex.getMessage(), this.settings.backoff());
		}
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

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
