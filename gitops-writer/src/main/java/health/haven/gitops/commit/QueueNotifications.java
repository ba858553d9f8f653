package health.haven.gitops.commit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Wakes the commit loop when a change is queued on another replica, by PostgreSQL's
 * {@code LISTEN} and {@code NOTIFY} on the portal's own database: the queue notifies in
 * the transaction that makes a change due, and PostgreSQL delivers it once that commits.
 * Without it, a change approved on a replica that does not write waited for the writer's
 * next look at the queue (the poll interval, half a second by default).
 *
 * <p>
 * It listens on a connection of its own, and takes a new one when that ends. A
 * notification lost meanwhile costs no change: the loop still polls, and it is woken once
 * each time listening starts again.
 */
public class QueueNotifications implements SmartLifecycle {

	static final String CHANNEL = "haven_gitops_queue";

	private static final Logger logger = LoggerFactory.getLogger(QueueNotifications.class);

	// how long one wait for notifications lasts: how soon a stop is seen
	private static final int WAIT_MILLIS = 500;

	// how long without a notification before the connection is checked
	private static final Duration QUIET_CHECK = Duration.ofSeconds(30);

	private final DataSource dataSource;

	private final String ownReplica;

	private final Runnable wake;

	private final Duration retry;

	private volatile boolean running;

	private Thread thread;

	/**
	 * @param ownReplica what this replica's own notifications carry
	 * ({@link CommitQueue#replica}): those are passed over, as whoever queued the change
	 * here has woken the loop already
	 * @param wake what another replica's notification does (the loop's wake)
	 * @param retry how long to wait before listening again after the connection failed
	 */
	public QueueNotifications(DataSource dataSource, String ownReplica, Runnable wake, Duration retry) {
		this.dataSource = dataSource;
		this.ownReplica = ownReplica;
		this.wake = wake;
		this.retry = retry;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = Daemons.thread("gitops-queue-listener", this::listen);
		this.thread.start();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.thread != null) {
			// a wait for notifications ends within half a second
			Daemons.awaitEnd(this.thread, Duration.ofSeconds(5));
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("listen " + CHANNEL);
				}
				logger.debug("Listening for changes queued by other replicas");
				// what was queued while nobody listened
				this.wake.run();
				receive(connection, connection.unwrap(PGConnection.class));
			}
			catch (SQLException ex) {
				if (this.running) {
					logger.warn("Not listening for changes queued by other replicas (the writer polls meanwhile); "
							+ "trying again in {}: {}", this.retry, ex.getMessage());
					pause();
				}
			}
		}
	}

	private void receive(Connection connection, PGConnection notifications) throws SQLException {
		long quietSince = System.nanoTime();
		while (this.running) {
			PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
			if (received != null && received.length > 0) {
				if (Arrays.stream(received)
					.anyMatch((notification) -> !this.ownReplica.equals(notification.getParameter()))) {
					this.wake.run();
				}
				quietSince = System.nanoTime();
			}
			else if (System.nanoTime() - quietSince > QUIET_CHECK.toNanos()) {
				// a connection that went away without a word delivers nothing: ask
				if (!connection.isValid(5)) {
					throw new SQLException("the listening connection is no longer valid");
				}
				quietSince = System.nanoTime();
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(this.retry.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
