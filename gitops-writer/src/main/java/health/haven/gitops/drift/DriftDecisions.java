package health.haven.gitops.drift;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import health.haven.gitops.commit.CommitLoop;
import health.haven.gitops.commit.CommitQueue;
import health.haven.gitops.commit.FolderRecords;
import health.haven.gitops.commit.FolderRecords.FolderRecord;
import health.haven.gitops.repository.CommitMessage;
import health.haven.provisioning.environment.DriftDecided;
import health.haven.provisioning.environment.DriftDecision;

/**
 * Acts on a platform administrator's decision about a hand edit. Accepted: the edit is
 * what the folder is expected to hold, and the changes held for it go on, merged onto it.
 * Discarded: the changes held for it go on and overwrite it, or, when none waits, the
 * portal writes back what it wrote before. Delivered at least once: a decision already
 * acted on changes nothing.
 */
@Component
class DriftDecisions {

	private static final Logger logger = LoggerFactory.getLogger(DriftDecisions.class);

	private final FolderRecords folders;

	private final CommitQueue queue;

	private final CommitLoop loop;

	DriftDecisions(FolderRecords folders, CommitQueue queue, CommitLoop loop) {
		this.folders = folders;
		this.queue = queue;
		this.loop = loop;
	}

	@ApplicationModuleListener
	void on(DriftDecided decided) {
		if (decided.decision() == DriftDecision.ACCEPT) {
			if (this.folders.accepted(decided.folder())) {
				int released = this.queue.release(decided.folder());
				logger.info("The hand edit of {} is accepted; {} held change(s) go on, merged onto it",
						decided.folder(), released);
				this.loop.wakeAfterCommit();
			}
			return;
		}
		Optional<FolderRecord> discarded = this.folders.discarded(decided.folder());
		if (discarded.isEmpty()) {
			return;
		}
		int released = this.queue.release(decided.folder());
		if (released > 0) {
			logger.info("The hand edit of {} is discarded; {} held change(s) are written over it", decided.folder(),
					released);
		}
		else {
			UUID id = UUID.randomUUID();
			this.queue.enqueueRestore(id, decided.folder(), discarded.get().expectedTree(),
					CommitMessage.restore(id, decided));
			logger.info("The hand edit of {} is discarded; writing back what Haven wrote before", decided.folder());
		}
		this.loop.wakeAfterCommit();
	}

}
