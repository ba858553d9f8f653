package health.haven.gitops.commit;

import java.time.Duration;

/**
 * The writer's own threads: daemons, so that none keeps the JVM alive, each named for
 * what it does in a thread dump.
 */
final class Daemons {

	private Daemons() {
	}

	static Thread thread(String name, Runnable work) {
		Thread thread = new Thread(work, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Waits at most {@code timeout} for the thread to end; an interrupt ends the wait and
	 * is kept for the caller.
	 */
	static void awaitEnd(Thread thread, Duration timeout) {
		try {
			thread.join(timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
