package health.haven.gitops.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import health.haven.provisioning.environment.RevisionHistory;

/**
 * Answers from the GitOps repository whether a revision a controller applied holds a
 * commit of the portal's. A revision the local repository does not know (a later commit
 * someone else pushed to the remote) is fetched first, at most every few seconds.
 */
public class RepositoryRevisions implements RevisionHistory {

	private static final Duration FETCH_AT_MOST_EVERY = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(RepositoryRevisions.class);

	private final GitOpsRepository repository;

	private final Clock clock;

	private Instant lastFetch = Instant.EPOCH;

	public RepositoryRevisions(GitOpsRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	@Override
	public boolean contains(String revision, String commit) {
		if (revision == null || commit == null || !ObjectId.isId(revision) || !ObjectId.isId(commit)) {
			return false;
		}
		try {
			if (!this.repository.knows(revision) || !this.repository.knows(commit)) {
				fetchOnceInAWhile();
			}
			return this.repository.contains(ObjectId.fromString(revision), commit);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private synchronized void fetchOnceInAWhile() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.lastFetch.plus(FETCH_AT_MOST_EVERY))) {
			return;
		}
		this.lastFetch = now;
		try {
			this.repository.learnFromRemote();
		}
		catch (GitOpsWriteException ex) {
			logger.warn("Could not learn a revision from the GitOps remote: {}", ex.getMessage());
		}
	}

}
