package health.haven.gitops.commit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import health.haven.gitops.reconcile.ReconcileTargets;
import health.haven.gitops.repository.Batch;
import health.haven.provisioning.environment.Placement;
import health.haven.provisioning.request.ManifestCommitDelayed;
import health.haven.provisioning.request.ManifestsCommitted;

/**
 * The queue of approved changes in PostgreSQL. Every report to the rest of the portal
 * ({@link ManifestsCommitted}, {@link ManifestCommitDelayed}) is published in the same
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

	private final Clock clock;

	CommitQueue(JdbcClient jdbc, ApplicationEventPublisher events, ReconcileTargets watched, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.watched = watched;
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
		return this.jdbc.sql("""
				insert into gitops_change (request_id, folder, files, message, placement, state, queued_at,
				    attempts, next_attempt_at)
				values (?, ?, ?::jsonb, ?, ?::jsonb, 'QUEUED', ?, 0, ?)
				on conflict (request_id) do nothing""")
			.params(requestId, folder, JSON.writeValueAsString(files), message, JSON.writeValueAsString(placement),
					Timestamp.from(now), Timestamp.from(now))
			.update() == 1;
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
		return this.jdbc.sql("""
				select request_id, folder, files, message, placement, queued_at, attempts, planned_sha
				from gitops_change where state = 'QUEUED' and next_attempt_at <= ?
				order by queued_at, request_id limit ?""")
			.params(Timestamp.from(this.clock.instant()), limit)
			.query(CommitQueue::queuedChange)
			.list();
	}

	/**
	 * When the next queued change falls due, if any is queued.
	 */
	@Transactional(readOnly = true)
	public Optional<Instant> nextDue() {
		return this.jdbc.sql("select min(next_attempt_at) from gitops_change where state = 'QUEUED'")
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
	 * Records each change as committed and reports it, in one transaction.
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
			if (updated == 1) {
				this.events
					.publishEvent(committed(change.requestId(), commit.sha(), change.folder(), change.placement()));
			}
		}
	}

	/**
	 * Records a failed attempt for a passing cause and when to try again, and reports it.
	 */
	@Transactional
	public void delayed(List<QueuedChange> changes, String reason, Backoff backoff) {
		Instant now = this.clock.instant();
		String shortReason = (reason.length() > 2000) ? reason.substring(0, 1999) + "…" : reason;
		for (QueuedChange change : changes) {
			int attempts = change.attempts() + 1;
			Instant next = now.plus(backoff.after(attempts));
			this.jdbc.sql("""
					update gitops_change set attempts = ?, next_attempt_at = ?, last_error = ?
					where request_id = ? and state = 'QUEUED'""")
				.params(attempts, Timestamp.from(next), shortReason, change.requestId())
				.update();
			this.events.publishEvent(new ManifestCommitDelayed(change.requestId(), shortReason, attempts, next));
		}
	}

	private ManifestsCommitted committed(UUID requestId, String sha, String folder, Placement placement) {
		return new ManifestsCommitted(requestId, sha, folder, placement, this.watched.watches(placement));
	}

	private static QueuedChange queuedChange(ResultSet rs, int row) throws SQLException {
		return new QueuedChange(rs.getObject("request_id", UUID.class), rs.getString("folder"),
				JSON.readValue(rs.getString("files"), FILES), rs.getString("message"),
				JSON.readValue(rs.getString("placement"), Placement.class), rs.getTimestamp("queued_at").toInstant(),
				rs.getInt("attempts"), rs.getString("planned_sha"));
	}

	/**
	 * A queued change and the commit on the branch that holds it.
	 */
	public record Committed(QueuedChange change, String sha) {
	}

}
