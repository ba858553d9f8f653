package health.haven.gitops.drift;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import health.haven.gitops.commit.CommitLoop;
import health.haven.gitops.commit.CommitQueue;
import health.haven.gitops.commit.FolderRecords;
import health.haven.gitops.commit.FolderRecords.FolderRecord;
import health.haven.gitops.repository.GitOpsRepository;

/**
 * Compares what the repository holds in each environment folder with what the writer
 * expects there: a hand edit is flagged on its environment with the diff (and no change
 * is written over it until a person decides); an edit someone put back again is cleared
 * and the changes held for it go on.
 *
 * <p>
 * Runs on any replica: the remote's head is fetched first, and the records read after it,
 * so that a commit the writer published is either recorded already or still queued (its
 * folder is then left to the writer, which looks at it itself before it writes).
 */
@Component
public class DriftCheck {

	private static final Logger logger = LoggerFactory.getLogger(DriftCheck.class);

	private final GitOpsRepository repository;

	private final FolderRecords folders;

	private final CommitQueue queue;

	private final CommitLoop loop;

	private final Clock clock;

	DriftCheck(GitOpsRepository repository, FolderRecords folders, CommitQueue queue, CommitLoop loop, Clock clock) {
		this.repository = repository;
		this.folders = folders;
		this.queue = queue;
		this.loop = loop;
		this.clock = clock;
	}

	/**
	 * Looks at every folder the writer wrote.
	 */
	public Report check() throws IOException {
		ObjectId head = this.repository.observedHead();
		adoptUnrecorded();
		// after the fetch: first what is under way, then the records (see the class)
		Set<String> underWay = this.queue.foldersUnderWay();
		List<FolderRecord> records = this.folders.all();
		int drifted = 0;
		int resolved = 0;
		for (FolderRecord record : records) {
			if (underWay.contains(record.folder())) {
				continue;
			}
			String current = this.repository.folderAt(head, record.folder());
			if (record.allows(current)) {
				// an edit noted before and now put back (not the accepted edit a change
				// conflicts with: that one is the expected tree, and stays flagged)
				if (record.driftTree() != null && !record.driftTree().equals(record.expectedTree())
						&& current.equals(record.expectedTree())) {
					this.queue.driftResolved(record);
					logger.info("The hand edit of {} is gone again; changes held for it go on", record.folder());
					resolved++;
				}
				continue;
			}
			if (current.equals(record.driftTree())) {
				// noted already, waiting for a decision
				continue;
			}
			List<UUID> waiting = this.queue.held(record.folder());
			this.folders.drifted(record, current,
					this.repository.diff(record.expectedTree(), current, record.folder(), CommitLoop.DIFF_LIMIT),
					"The folder " + record.folder() + " was edited outside Haven; nothing is written over it until "
							+ "a platform administrator accepts or discards the edit",
					false, waiting.isEmpty() ? null : waiting.get(0), this.clock.instant());
			logger.warn("The folder {} was edited outside Haven: flagged on its environment", record.folder());
			drifted++;
		}
		if (resolved > 0) {
			this.loop.wake();
		}
		return new Report(records.size(), drifted, resolved);
	}

	/**
	 * Folders written before the writer kept records get one: what the writer's last
	 * commit put there (not what the folder holds now, which may be an edit since).
	 */
	private void adoptUnrecorded() throws IOException {
		for (FolderRecords.Unrecorded folder : this.folders.unrecorded()) {
			if (this.repository.knows(folder.commitSha())) {
				this.folders.adopt(folder.folder(),
						this.repository.folderAt(ObjectId.fromString(folder.commitSha()), folder.folder()),
						folder.committedAt());
			}
		}
	}

	/**
	 * What a check found.
	 *
	 * @param folders how many folders it looked at
	 * @param drifted how many hold a hand edit it had not noted before
	 * @param resolved how many hold what the writer expects again
	 */
	public record Report(int folders, int drifted, int resolved) {
	}

}
