package health.haven.gitops.commit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import health.haven.gitops.reconcile.ReconcileTargets;
import health.haven.gitops.repository.Batch;
import health.haven.provisioning.environment.FolderRestored;
import health.haven.provisioning.environment.Placement;
import health.haven.provisioning.request.ManifestCommitDelayed;
import health.haven.provisioning.request.ManifestsCommitted;

/**
 * The queue of approved changes (and of restores after a discarded hand edit) in
 * PostgreSQL. Every report to the rest of the portal ({@link ManifestsCommitted},
 * {@link ManifestCommitDelayed}, {@link FolderRestored}) is published in the same
 * transaction that records it here, through the event publication registry.
 */
@Component
public class CommitQueue {

	static final String QUEUED = "QUEUED";

	static final String COMMITTED = "COMMITTED";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> FILES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final ReconcileTargets watched;

	private final FolderRecords folders;

	private final Clock clock;

	// names this replica in its notifications: its own loop is woken in-process (see
	// CommitLoop#wakeAfterCommit) and need not be woken again by PostgreSQL
	private final String replica = UUID.randomUUID().toString();

	CommitQueue(JdbcClient jdbc, ApplicationEventPublisher events, ReconcileTargets watched, FolderRecords folders,
			Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.watched = watched;
		this.folders = folders;
		this.clock = clock;
	}

	/**
	 * Queues a change, in the caller's transaction. A change queued before (a
	 * re-delivered approval) stays as it is.
	 * @return whether it was queued now
	 */
	@Transactional
	public boolean enqueue(UUID requestId, String folder, Map<String, String> files, String message,
			Placement placement) {
		Instant now = this.clock.instant();
		boolean queued = this.jdbc.sql("""
				insert into gitops_change (request_id, folder, files, message, placement, state, queued_at,
				    attempts, next_attempt_at)
				values (?, ?, ?::jsonb, ?, ?::jsonb, 'QUEUED', ?, 0, ?)
				on conflict (request_id) do nothing""")
			.params(requestId, folder, JSON.writeValueAsString(files), message, JSON.writeValueAsString(placement),
					Timestamp.from(now), Timestamp.from(now))
			.update() == 1;
		if (queued) {
			notifyDue();
		}
		return queued;
	}

	/**
	 * Queues the restore of a folder: the tree the portal expects there written back over
	 * a hand edit a person discarded, reported to its environment once committed. One
	 * restore at a time per folder: while one waits, another is not queued.
	 * @param id the restore's own id, named by its commit's {@code Haven-Restore} trailer
	 * @return whether it was queued now
	 */
	@Transactional
	public boolean enqueueRestore(UUID id, String folder, String tree, String message) {
		Instant now = this.clock.instant();
		int queued = this.jdbc
			.sql("""
					insert into gitops_change (request_id, kind, folder, files, restore_tree, message, placement, state,
					    queued_at, attempts, next_attempt_at)
					select ?, 'RESTORE', ?, '{}'::jsonb, ?, ?, placement, 'QUEUED', ?, 0, ?
					from gitops_change
					where folder = ? and kind = 'REQUEST' and state = 'COMMITTED'
					  and not exists (select 1 from gitops_change where folder = ? and kind = 'RESTORE' and state = 'QUEUED')
					order by committed_at desc limit 1""")
			.params(id, folder, tree, message, Timestamp.from(now), Timestamp.from(now), folder, folder)
			.update();
		if (queued == 1) {
			notifyDue();
		}
		return queued == 1;
	}

	/**
	 * Reports again a change that is committed already, for an approval delivered again.
	 * @return whether it was committed
	 */
	@Transactional
	public boolean reportIfCommitted(UUID requestId) {
		return this.jdbc
			.sql("select request_id, folder, placement, commit_sha from gitops_change "
					+ "where request_id = ? and state = 'COMMITTED'")
			.param(requestId)
			.query((rs, row) -> committed(rs.getObject("request_id", UUID.class), rs.getString("commit_sha"),
					rs.getString("folder"), JSON.readValue(rs.getString("placement"), Placement.class)))
			.optional()
			.map((committed) -> {
				this.events.publishEvent(committed);
				return true;
			})
			.orElse(false);
	}

	/**
	 * The changes due now, oldest first: the order they were approved in.
	 */
	@Transactional(readOnly = true)
	public List<QueuedChange> due(int limit) {
		return dueOutside(Set.of(), limit);
	}

	/**
	 * The changes due now of other folders than the given ones, oldest first.
	 */
	@Transactional(readOnly = true)
	public List<QueuedChange> dueOutside(Set<String> folders, int limit) {
		return this.jdbc.sql("""
				select request_id, kind, folder, files, restore_tree, message, placement, queued_at, attempts,
				    planned_sha
				from gitops_change where state = 'QUEUED' and not held_for_drift and next_attempt_at <= ?
				    and folder <> all(?::varchar[])
				order by queued_at, request_id limit ?""")
			.params(Timestamp.from(this.clock.instant()), folders.toArray(String[]::new), limit)
			.query(CommitQueue::queuedChange)
			.list();
	}

	/**
	 * When the next queued change falls due, if any is queued.
	 */
	@Transactional(readOnly = true)
	public Optional<Instant> nextDue() {
		return this.jdbc
			.sql("select min(next_attempt_at) from gitops_change where state = 'QUEUED' and not held_for_drift")
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant);
	}

	/**
	 * Records the commits about to be published, before they are: whatever happens to the
	 * push, the next attempt can tell whether the branch took them.
	 */
	@Transactional
	public void plan(List<Batch.Built> commits) {
		List<Batch.Built> created = commits.stream().filter(Batch.Built::created).toList();
		if (created.isEmpty()) {
			return;
		}
		// one statement for the whole pass: the shorter the pass, the likelier its push
		// lands while others push too
		this.jdbc.sql("""
				update gitops_change set planned_sha = planned.sha
				from unnest(?::uuid[], ?::varchar[]) as planned(request_id, sha)
				where gitops_change.request_id = planned.request_id""")
			.params(created.stream().map(Batch.Built::requestId).toArray(UUID[]::new),
					created.stream().map(Batch.Built::sha).toArray(String[]::new))
			.update();
	}

	/**
	 * Records each change as committed, and what its folder holds now, and reports it, in
	 * one transaction.
	 */
	@Transactional
	public void committed(List<Committed> commits) {
		Instant now = this.clock.instant();
		for (Committed commit : commits) {
			QueuedChange change = commit.change();
			int updated = this.jdbc.sql("""
					update gitops_change set state = 'COMMITTED', commit_sha = ?, committed_at = ?, files = null,
					    last_error = null
					where request_id = ? and state = 'QUEUED'""")
				.params(commit.sha(), Timestamp.from(now), change.requestId())
				.update();
			if (updated != 1) {
				continue;
			}
			if (change.isRestore()) {
				this.folders.restored(change.folder(), commit.built().folderTree(), now);
				String[] names = change.folder().split("/");
				this.events.publishEvent(new FolderRestored(names[1], names[2], commit.sha(), now));
			}
			else {
				this.folders.written(change.folder(), commit.built().folderTree(), commit.built().renderedTree(), now);
				this.events
					.publishEvent(committed(change.requestId(), commit.sha(), change.folder(), change.placement()));
			}
		}
	}

	/**
	 * Holds changes whose folder holds what the writer does not expect there (a hand
	 * edit, or an accepted edit their render conflicts with) until a person decides,
	 * notes the drift on the folder and reports each change as waiting, in one
	 * transaction.
	 * @param tree what the folder holds
	 * @param diff from what the writer expects to what the folder holds
	 */
	@Transactional
	public void hold(List<QueuedChange> changes, FolderRecords.FolderRecord folder, String tree, String diff,
			String reason, boolean conflict) {
		String shortReason = shorten(reason);
		UUID waiting = null;
		for (QueuedChange change : changes) {
			int attempts = change.attempts() + 1;
			int updated = this.jdbc.sql("""
					update gitops_change set held_for_drift = true, attempts = ?, last_error = ?
					where request_id = ? and state = 'QUEUED'""")
				.params(attempts, shortReason, change.requestId())
				.update();
			if (updated == 1 && !change.isRestore()) {
				waiting = (waiting != null) ? waiting : change.requestId();
				this.events.publishEvent(new ManifestCommitDelayed(change.requestId(), shortReason, attempts, null));
			}
		}
		this.folders.drifted(folder, tree, diff, shortReason, conflict, waiting, this.clock.instant());
	}

	/**
	 * The folder holds what the writer expects again without anyone deciding (someone put
	 * the edit back): the drift is behind it and the changes held for it go on.
	 */
	@Transactional
	public void driftResolved(FolderRecords.FolderRecord folder) {
		if (this.folders.resolved(folder, this.clock.instant())) {
			release(folder.folder());
		}
	}

	/**
	 * Lets the changes held for a folder go, due now.
	 * @return how many were held
	 */
	@Transactional
	public int release(String folder) {
		int released = this.jdbc.sql("""
				update gitops_change set held_for_drift = false, next_attempt_at = ?
				where folder = ? and state = 'QUEUED' and held_for_drift""")
			.params(Timestamp.from(this.clock.instant()), folder)
			.update();
		if (released > 0) {
			notifyDue();
		}
		return released;
	}

	/**
	 * Tells every replica's commit loop, once this transaction commits, that a change is
	 * due: the writer may be another replica (see {@link QueueNotifications}).
	 */
	private void notifyDue() {
		this.jdbc.sql("select pg_notify(?, ?)").params(QueueNotifications.CHANNEL, this.replica).query().singleRow();
	}

	/**
	 * What this replica's notifications carry, so that its listener can pass them over.
	 */
	public String replica() {
		return this.replica;
	}

	/**
	 * The requests whose changes are held for the folder, oldest first.
	 */
	@Transactional(readOnly = true)
	public List<UUID> held(String folder) {
		return this.jdbc.sql("""
				select request_id from gitops_change
				where folder = ? and state = 'QUEUED' and held_for_drift and kind = 'REQUEST'
				order by queued_at, request_id""").param(folder).query(UUID.class).list();
	}

	/**
	 * The folders with changes on their way to the branch (queued and not held): the
	 * writer looks at those itself before it writes.
	 */
	@Transactional(readOnly = true)
	public Set<String> foldersUnderWay() {
		return new HashSet<>(
				this.jdbc.sql("select distinct folder from gitops_change where state = 'QUEUED' and not held_for_drift")
					.query(String.class)
					.list());
	}

	/**
	 * Records a failed attempt for a passing cause and when to try again, and reports it.
	 */
	@Transactional
	public void delayed(List<QueuedChange> changes, String reason, Backoff backoff) {
		Instant now = this.clock.instant();
		String shortReason = shorten(reason);
		for (QueuedChange change : changes) {
			int attempts = change.attempts() + 1;
			Instant next = now.plus(backoff.after(attempts));
			this.jdbc.sql("""
					update gitops_change set attempts = ?, next_attempt_at = ?, last_error = ?
					where request_id = ? and state = 'QUEUED'""")
				.params(attempts, Timestamp.from(next), shortReason, change.requestId())
				.update();
			if (!change.isRestore()) {
				this.events.publishEvent(new ManifestCommitDelayed(change.requestId(), shortReason, attempts, next));
			}
		}
	}

	private static String shorten(String reason) {
		return (reason.length() > 2000) ? reason.substring(0, 1999) + "…" : reason;
	}

	private ManifestsCommitted committed(UUID requestId, String sha, String folder, Placement placement) {
		return new ManifestsCommitted(requestId, sha, folder, placement, this.watched.watches(placement));
	}

	private static QueuedChange queuedChange(ResultSet rs, int row) throws SQLException {
		return new QueuedChange(rs.getObject("request_id", UUID.class), QueuedChange.Kind.valueOf(rs.getString("kind")),
				rs.getString("folder"), JSON.readValue(rs.getString("files"), FILES), rs.getString("restore_tree"),
				rs.getString("message"), JSON.readValue(rs.getString("placement"), Placement.class),
				rs.getTimestamp("queued_at").toInstant(), rs.getInt("attempts"), rs.getString("planned_sha"));
	}

	/**
	 * A queued change and the commit on the branch that holds it.
	 */
	public record Committed(QueuedChange change, Batch.Built built) {

		public String sha() {
			return this.built.sha();
		}

	}

}
