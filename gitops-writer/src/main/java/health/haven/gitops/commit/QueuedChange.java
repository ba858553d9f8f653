package health.haven.gitops.commit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import health.haven.gitops.repository.RepositoryChange;
import health.haven.provisioning.environment.Placement;

/**
 * One approved change as it waits in the queue.
 *
 * @param files repository path to file text
 * @param attempts how many attempts to write it failed for a passing cause
 * @param plannedSha the commit last made for it before it was published; after a crash
 * the branch may hold it
 */
public record QueuedChange(UUID requestId, String folder, Map<String, String> files, String message,
		Placement placement, Instant queuedAt, int attempts, String plannedSha) {

	public QueuedChange {
		files = new TreeMap<>(files);
	}

	RepositoryChange toRepositoryChange() {
		Map<String, byte[]> bytes = new TreeMap<>();
		this.files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
		return new RepositoryChange(this.requestId, this.folder, bytes, this.message);
	}

	/**
	 * Whether an earlier attempt may have put it on the branch already.
	 */
	boolean attemptedBefore() {
		return this.plannedSha != null || this.attempts > 0;
	}

}
