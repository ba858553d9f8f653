package health.haven.gitops.commit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import health.haven.gitops.repository.RepositoryChange;
import health.haven.provisioning.environment.Placement;

/**
 * One change as it waits in the queue: a request's render, or the restore of a folder
 * after a person discarded a hand edit.
 *
 * @param id the request's id, or the restore's own
 * @param files repository path to file text (none for a restore: it writes back the tree
 * {@code restoreTree})
 * @param attempts how many attempts to write it failed for a passing cause
 * @param plannedSha the commit last made for it before it was published; after a crash
 * the branch may hold it
 */
public record QueuedChange(UUID id, Kind kind, String folder, Map<String, String> files, String restoreTree,
		String message, Placement placement, Instant queuedAt, int attempts, String plannedSha) {

	public QueuedChange {
		files = new TreeMap<>(files);
	}

	/**
	 * The change a request approved.
	 */
	public QueuedChange(UUID requestId, String folder, Map<String, String> files, String message, Placement placement,
			Instant queuedAt, int attempts, String plannedSha) {
		this(requestId, Kind.REQUEST, folder, files, null, message, placement, queuedAt, attempts, plannedSha);
	}

	/**
	 * Its request's id; a restore's own id.
	 */
	public UUID requestId() {
		return this.id;
	}

	RepositoryChange toRepositoryChange() {
		Map<String, byte[]> bytes = new TreeMap<>();
		// a file without content is removed (a decommission)
		this.files
			.forEach((path, text) -> bytes.put(path, (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null));
		return new RepositoryChange(this.id, this.folder, bytes, this.message);
	}

	/**
	 * Whether an earlier attempt may have put it on the branch already.
	 */
	boolean attemptedBefore() {
		return this.plannedSha != null || this.attempts > 0;
	}

	boolean isRestore() {
		return this.kind == Kind.RESTORE;
	}

	/**
	 * What a queued change is.
	 */
	public enum Kind {

		/** A request's change: its render of the environment. */
		REQUEST,

		/** What the portal wrote before a hand edit a person discarded, written back. */
		RESTORE

	}

}
