package health.haven.provisioning.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import jakarta.persistence.EntityManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained audit trail.
 *
 * <p>
 * An {@link AuditEvent} is appended just before the transaction that published it
 * commits, in that transaction: the change and its record are committed together or not
 * at all, so nothing the portal acknowledged is missing from the trail and nothing rolled
 * back is in it. Appends take turns on a transaction-scoped advisory lock (across
 * replicas too), which gives the rows gap-free numbers and each its predecessor's hash;
 * the publisher's own changes are flushed before the lock is taken, so the lock is held
 * only for the commit itself. An event published outside a transaction is appended in a
 * transaction of its own.
 */
@Component
public class AuditTrail {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {
	};

	private static final int VERIFY_BATCH = 1000;

	private final JdbcClient jdbc;

	private final EntityManager entityManager;

	private final TransactionTemplate transactions;

	private final TransactionTemplate readOnly;

	private final Clock clock;

	AuditTrail(JdbcClient jdbc, EntityManager entityManager, PlatformTransactionManager transactionManager,
			Clock clock) {
		this.jdbc = jdbc;
		this.entityManager = entityManager;
		this.transactions = new TransactionTemplate(transactionManager);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.clock = clock;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(AuditEvent event) {
		append(event);
	}

	/**
	 * Appends the event in the current transaction (or a new one).
	 */
	public AuditRecord append(AuditEvent event) {
		return this.transactions.execute((status) -> {
			// the publisher's row locks first, then the trail's: never the other way
			// round
			this.entityManager.flush();
			this.jdbc.sql("select cast(pg_advisory_xact_lock(hashtext('haven.audit')) as text)").query().singleValue();
			List<Map<String, Object>> last = this.jdbc
				.sql("select seq, hash from audit_event order by seq desc limit 1")
				.query()
				.listOfRows();
			long seq = last.isEmpty() ? 1 : ((Number) last.get(0).get("seq")).longValue() + 1;
			String previous = last.isEmpty() ? AuditChain.GENESIS : (String) last.get(0).get("hash");
			String details = AuditChain.canonical(event.details());
			String hash = AuditChain.hash(seq, event.occurredAt(), event.action(), event.subject(), event.actor(),
					event.actingClient(), details, previous);
			this.jdbc.sql("""
					insert into audit_event (seq, occurred_at, action, subject, actor, acting_client, details,
					                         previous_hash, hash)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(seq, Timestamp.from(AuditChain.stored(event.occurredAt())), event.action(), event.subject(),
						event.actor(), event.actingClient(), details, previous, hash)
				.update();
			return new AuditRecord(seq, AuditChain.stored(event.occurredAt()), event.action(), event.subject(),
					event.actor(), event.actingClient(), event.details(), previous, hash);
		});
	}

	/**
	 * A page of the rows the filter selects: oldest first (after {@code cursor}) or
	 * newest first (before {@code cursor}).
	 */
	public AuditPage page(AuditFilter filter, Long cursor, int limit, boolean newestFirst) {
		return page(filter, newestFirst ? null : cursor, newestFirst ? cursor : null, limit, newestFirst);
	}

	private AuditPage page(AuditFilter filter, Long afterSeq, Long beforeSeq, int limit, boolean newestFirst) {
		Query query = Query.of(filter);
		if (afterSeq != null) {
			query.and("seq > ?", afterSeq);
		}
		if (beforeSeq != null) {
			query.and("seq < ?", beforeSeq);
		}
		List<AuditRecord> rows = this.jdbc
			.sql("select * from audit_event" + query.where() + " order by seq " + (newestFirst ? "desc" : "asc")
					+ " limit " + (limit + 1))
			.params(query.params())
			.query(AuditTrail::record)
			.list();
		boolean more = rows.size() > limit;
		return new AuditPage(more ? rows.subList(0, limit) : rows, more);
	}

	/**
	 * Every row the filter selects, oldest first, a batch at a time (for an export).
	 */
	public void each(AuditFilter filter, Consumer<AuditRecord> action) {
		Long after = null;
		AuditPage page;
		do {
			page = page(filter, after, VERIFY_BATCH, false);
			page.items().forEach(action);
			if (!page.items().isEmpty()) {
				after = page.last().seq();
			}
		}
		while (page.hasMore());
	}

	/**
	 * Recomputes the chain from the first row: each row must follow its predecessor
	 * without a gap, name its hash, and hash to what it holds. Reads one snapshot of the
	 * table, a batch at a time.
	 */
	public AuditVerification verify() {
		return this.readOnly.execute((status) -> {
			long expected = 1;
			String previous = AuditChain.GENESIS;
			long checked = 0;
			while (true) {
				// the details exactly as stored: a row is hashed as it was written
				List<Stored> batch = this.jdbc
					.sql("select * from audit_event where seq >= ? order by seq limit " + VERIFY_BATCH)
					.param(expected)
					.query((rows, number) -> new Stored(record(rows, number), rows.getString("details")))
					.list();
				for (Stored row : batch) {
					checked++;
					String problem = problem(row, expected, previous);
					if (problem != null) {
						return new AuditVerification(false, checked, row.record().seq(), problem, hashOrNone(previous),
								this.clock.instant());
					}
					expected = row.record().seq() + 1;
					previous = row.record().hash();
				}
				if (batch.size() < VERIFY_BATCH) {
					return new AuditVerification(true, checked, null, null, hashOrNone(previous), this.clock.instant());
				}
			}
		});
	}

	private static String hashOrNone(String hash) {
		return AuditChain.GENESIS.equals(hash) ? null : hash;
	}

	private static String problem(Stored stored, long expected, String previous) {
		AuditRecord row = stored.record();
		if (row.seq() != expected) {
			return "rows " + expected + " to " + (row.seq() - 1) + " are missing";
		}
		if (!row.previousHash().equals(previous)) {
			return "row " + row.seq() + " does not name the hash of the row before it";
		}
		String recomputed = AuditChain.hash(row.seq(), row.occurredAt(), row.action(), row.subject(), row.actor(),
				row.actingClient(), stored.details(), row.previousHash());
		if (!recomputed.equals(row.hash())) {
			return "row " + row.seq() + " was altered after it was written: its content no longer matches its hash";
		}
		return null;
	}

	private static AuditRecord record(ResultSet rows, int number) throws SQLException {
		return new AuditRecord(rows.getLong("seq"), rows.getTimestamp("occurred_at").toInstant(),
				rows.getString("action"), rows.getString("subject"), rows.getString("actor"),
				rows.getString("acting_client"), JSON.readValue(rows.getString("details"), DETAILS),
				rows.getString("previous_hash"), rows.getString("hash"));
	}

	private record Stored(AuditRecord record, String details) {
	}

	/**
	 * A where clause built from the filter's parts, with its parameters.
	 */
	private static final class Query {

		private final List<String> conditions = new ArrayList<>();

		private final List<Object> params = new ArrayList<>();

		static Query of(AuditFilter filter) {
			Query query = new Query();
			if (filter.subject() != null && !filter.subject().isBlank()) {
				if (filter.subject().endsWith("*")) {
					String prefix = filter.subject().substring(0, filter.subject().length() - 1);
					query.and("subject like ? escape '\\'", escapeLike(prefix) + "%");
				}
				else {
					query.and("subject = ?", filter.subject());
				}
			}
			if (filter.actor() != null && !filter.actor().isBlank()) {
				query.and("actor = ?", filter.actor());
			}
			if (filter.from() != null) {
				query.and("occurred_at >= ?", Timestamp.from(filter.from()));
			}
			if (filter.to() != null) {
				query.and("occurred_at < ?", Timestamp.from(filter.to()));
			}
			return query;
		}

		void and(String condition, Object param) {
			this.conditions.add(condition);
			this.params.add(param);
		}

		String where() {
			return this.conditions.isEmpty() ? "" : " where " + String.join(" and ", this.conditions);
		}

		List<Object> params() {
			return this.params;
		}

		private static String escapeLike(String value) {
			return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		}

	}

}
