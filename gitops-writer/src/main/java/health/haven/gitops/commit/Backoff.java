package health.haven.gitops.commit;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before trying a change again: doubling from the first delay up to the
 * longest, with a little jitter so that replicas and changes do not retry in step.
 */
record Backoff(Duration first, Duration longest) {

	Backoff {
		if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
			throw new IllegalArgumentException("A backoff needs 0 < first <= longest: " + first + ", " + longest);
		}
	}

	Duration after(int failedAttempts) {
		long doubled = this.first.toMillis() << Math.min(Math.max(failedAttempts - 1, 0), 30);
		long millis = Math.min(doubled, this.longest.toMillis());
		double jitter = ThreadLocalRandom.current().nextDouble(0.8, 1.2);
		return Duration.ofMillis(Math.max(1, Math.min((long) (millis * jitter), this.longest.toMillis())));
	}

}
