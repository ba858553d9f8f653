package health.haven.gitops.commit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the writer works through the queue.
 *
 * @param batchSize the most changes one pass commits and pushes together
 * @param pollInterval how often the writer looks at the queue without being woken (a
 * change approved on another replica wakes nobody here)
 * @param retryFirst the wait before the first retry of a change the repository could not
 * take; it doubles with each failed attempt
 * @param retryLongest the longest wait between two attempts
 */
@ConfigurationProperties("haven.gitops.queue")
public record CommitLoopSettings(@DefaultValue("200") int batchSize, @DefaultValue("500ms") Duration pollInterval,
		@DefaultValue("1s") Duration retryFirst, @DefaultValue("5m") Duration retryLongest) {

	public CommitLoopSettings {
		if (batchSize < 1) {
			throw new IllegalArgumentException("haven.gitops.queue.batch-size must be at least 1");
		}
	}

	Backoff backoff() {
		return new Backoff(this.retryFirst, this.retryLongest);
	}

}
