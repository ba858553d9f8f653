package health.haven.gitops.commit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import health.haven.provisioning.environment.DriftDetected;
import health.haven.provisioning.environment.DriftResolved;

/**
 * What the writer expects in each environment folder, and what it found there instead.
 * Reports to the environments ({@link DriftDetected}, {@link DriftResolved}) are
 * published in the transaction that records them, through the event publication registry.
 */
@Component
public class FolderRecords {

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	FolderRecords(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	@Transactional(readOnly = true)
	public Optional<FolderRecord> get(String folder) {
		return this.jdbc.sql("select * from gitops_folder where folder = ?")
			.param(folder)
			.query(FolderRecords::record)
			.optional();
	}

	@Transactional(readOnly = true)
	public Map<String, FolderRecord> get(Collection<String> folders) {
		Map<String, FolderRecord> records = new HashMap<>();
		if (!folders.isEmpty()) {
			this.jdbc.sql("select * from gitops_folder where folder = any(?)")
				.param(folders.toArray(String[]::new))
				.query(FolderRecords::record)
				.list()
				.forEach((record) -> records.put(record.folder(), record));
		}
		return records;
	}

	@Transactional(readOnly = true)
	public List<FolderRecord> all() {
		return this.jdbc.sql("select * from gitops_folder order by folder").query(FolderRecords::record).list();
	}

	/**
	 * The writer wrote the folder: this is what it expects there now. A drift it had
	 * noted, and an edit a person allowed to be overwritten, are behind it.
	 */
	@Transactional
	public void written(String folder, String expectedTree, String renderedTree, Instant at) {
		String[] names = folder.split("/");
		this.jdbc.sql("""
				insert into gitops_folder (folder, team_key, environment, expected_tree, rendered_tree, written_at)
				values (?, ?, ?, ?, ?, ?)
				on conflict (folder) do update set expected_tree = excluded.expected_tree,
				    rendered_tree = excluded.rendered_tree, written_at = excluded.written_at,
				    drift_tree = null, drift_at = null, discard_tree = null""")
			.params(folder, names[1], names[2], expectedTree, renderedTree, Timestamp.from(at))
			.update();
	}

	/**
	 * The folders the writer committed to before it kept records of them (a portal from
	 * before drift was tracked), each with the last commit the writer made there.
	 */
	@Transactional(readOnly = true)
	public List<Unrecorded> unrecorded() {
		return this.jdbc.sql("""
				select distinct on (change.folder) change.folder, change.commit_sha, change.committed_at
				from gitops_change change
				where change.state = 'COMMITTED' and change.commit_sha is not null
				  and not exists (select 1 from gitops_folder folder where folder.folder = change.folder)
				order by change.folder, change.committed_at desc""")
			.query((rs, row) -> new Unrecorded(rs.getString("folder"), rs.getString("commit_sha"),
					rs.getTimestamp("committed_at").toInstant()))
			.list();
	}

	/**
	 * The writer adopts a folder it wrote before it kept records: it expects there what
	 * its last commit put there. A record written meanwhile stays.
	 */
	@Transactional
	public void adopt(String folder, String tree, Instant writtenAt) {
		String[] names = folder.split("/");
		this.jdbc.sql("""
				insert into gitops_folder (folder, team_key, environment, expected_tree, rendered_tree, written_at)
				values (?, ?, ?, ?, ?, ?)
				on conflict (folder) do nothing""")
			.params(folder, names[1], names[2], tree, tree, Timestamp.from(writtenAt))
			.update();
	}

	/**
	 * A restore wrote back the tree expected there; the render it came from stays the
	 * base later changes are merged from.
	 */
	@Transactional
	public void restored(String folder, String tree, Instant at) {
		this.jdbc.sql("""
				update gitops_folder set expected_tree = ?, written_at = ?, drift_tree = null, drift_at = null,
				    discard_tree = null
				where folder = ?""").params(tree, Timestamp.from(at), folder).update();
	}

	/**
	 * The folder holds a tree the writer did not write (or a change cannot be merged onto
	 * the edit a person accepted there): noted, and reported to its environment when it
	 * is new or a change now waits for it.
	 * @param tree what the folder holds
	 * @param diff from what the writer expects to what the folder holds
	 * @param waitingRequest the request whose change now waits, if any
	 */
	@Transactional
	public void drifted(FolderRecord record, String tree, String diff, String reason, boolean conflict,
			UUID waitingRequest, Instant at) {
		boolean isNew = this.jdbc.sql("""
				update gitops_folder set drift_tree = ?, drift_at = ?
				where folder = ? and drift_tree is distinct from ?""")
			.params(tree, Timestamp.from(at), record.folder(), tree)
			.update() == 1;
		if (isNew || waitingRequest != null) {
			this.events.publishEvent(new DriftDetected(record.team(), record.environment(), diff, reason, conflict,
					(isNew || record.driftAt() == null) ? at : record.driftAt(), waitingRequest));
		}
	}

	/**
	 * The folder holds what the writer expects again (someone put the edit back): the
	 * drift is behind it, and its environment is told.
	 * @return whether a drift was noted
	 */
	@Transactional
	public boolean resolved(FolderRecord record, Instant at) {
		boolean noted = this.jdbc
			.sql("update gitops_folder set drift_tree = null, drift_at = null "
					+ "where folder = ? and drift_tree is not null")
			.param(record.folder())
			.update() == 1;
		if (noted) {
			this.events.publishEvent(new DriftResolved(record.team(), record.environment(), at));
		}
		return noted;
	}

	/**
	 * A person accepted the hand edit: it is what the folder is expected to hold now, and
	 * later changes are merged onto it.
	 * @return whether an edit was waiting for the decision
	 */
	@Transactional
	public boolean accepted(String folder) {
		return this.jdbc
			.sql("update gitops_folder set expected_tree = drift_tree, drift_tree = null, drift_at = null, "
					+ "discard_tree = null where folder = ? and drift_tree is not null")
			.param(folder)
			.update() == 1;
	}

	/**
	 * A person discarded the hand edit: the next write may overwrite it. When the edit
	 * discarded is one accepted before (a change could not be merged onto it), the folder
	 * is expected to hold the render again.
	 * @return the folder's record after the decision, if an edit was waiting for it
	 */
	@Transactional
	public Optional<FolderRecord> discarded(String folder) {
		int updated = this.jdbc.sql("""
				update gitops_folder set discard_tree = drift_tree,
				    expected_tree = case when drift_tree = expected_tree then rendered_tree else expected_tree end,
				    drift_tree = null, drift_at = null
				where folder = ? and drift_tree is not null""").param(folder).update();
		return (updated == 1) ? get(folder) : Optional.empty();
	}

	private static FolderRecord record(ResultSet rs, int row) throws SQLException {
		Timestamp driftAt = rs.getTimestamp("drift_at");
		return new FolderRecord(rs.getString("folder"), rs.getString("team_key"), rs.getString("environment"),
				rs.getString("expected_tree"), rs.getString("rendered_tree"), rs.getString("drift_tree"),
				(driftAt != null) ? driftAt.toInstant() : null, rs.getString("discard_tree"));
	}

	/**
	 * A folder the writer committed to without keeping a record of it.
	 */
	public record Unrecorded(String folder, String commitSha, Instant committedAt) {
	}

	/**
	 * One folder: the tree expected there, the tree last rendered for it, and a drift or
	 * a discarded edit if any.
	 */
	public record FolderRecord(String folder, String team, String environment, String expectedTree, String renderedTree,
			String driftTree, Instant driftAt, String discardTree) {

		/**
		 * Whether the folder may hold this tree without anyone's decision: what the
		 * writer expects, or an edit a person allowed to be overwritten.
		 */
		public boolean allows(String tree) {
			return this.expectedTree.equals(tree) || (this.discardTree != null && this.discardTree.equals(tree));
		}

		/**
		 * Whether an accepted hand edit must survive the next change.
		 */
		public boolean keepsAnAcceptedEdit() {
			return !this.expectedTree.equals(this.renderedTree);
		}

	}

}
