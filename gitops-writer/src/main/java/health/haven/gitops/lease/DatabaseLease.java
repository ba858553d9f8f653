package health.haven.gitops.lease;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The writer lease as a PostgreSQL session-level advisory lock, held on a connection of
 * its own for as long as this replica writes. PostgreSQL releases it when that connection
 * ends, however the replica ends: a stopped or killed writer frees it within one check
 * interval of the next replica, and no lease expiry of our own is needed.
 */
public class DatabaseLease implements WriterLease, SmartLifecycle {

	// one lock for the whole portal: "haven" and "gitops" as two 32-bit keys
	private static final int LOCK_CLASS = 0x68617665;

	private static final int LOCK_OBJECT = 0x67697470;

	private static final Logger logger = LoggerFactory.getLogger(DatabaseLease.class);

	private final DataSource dataSource;

	private final Duration checkInterval;

	private final LeaseState state = new LeaseState();

	private ScheduledExecutorService checks;

	private Connection connection;

	public DatabaseLease(DataSource dataSource, Duration checkInterval) {
		this.dataSource = dataSource;
		this.checkInterval = checkInterval;
	}

	@Override
	public boolean isHeld() {
		return this.state.isHeld();
	}

	@Override
	public void addListener(Listener listener) {
		this.state.addListener(listener);
	}

	@Override
	public synchronized void start() {
		check();
		this.checks = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "gitops-writer-lease");
			thread.setDaemon(true);
			return thread;
		});
		this.checks.scheduleWithFixedDelay(this::check, this.checkInterval.toMillis(), this.checkInterval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.checks != null) {
			this.checks.shutdownNow();
			this.checks = null;
		}
		if (this.connection != null) {
			release();
		}
	}

	@Override
	public boolean isRunning() {
		return this.checks != null;
	}

	/**
	 * Before the commit loop and the tracker, which start once the lease is held, and
	 * stopped after them.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	private synchronized void check() {
		try {
			if (this.connection != null) {
				if (!stillHeld()) {
					logger.warn("Lost the GitOps writer lease (its database connection ended); another replica may "
							+ "write now");
					closeQuietly();
					setHeld(false);
				}
				return;
			}
			Connection candidate = this.dataSource.getConnection();
			candidate.setAutoCommit(true);
			if (tryLock(candidate)) {
				this.connection = candidate;
				logger.info("This portal is the GitOps writer now: it writes the repository and watches the cluster");
				setHeld(true);
			}
			else {
				candidate.close();
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Could not check the GitOps writer lease: {}", ex.getMessage());
			if (this.connection != null) {
				closeQuietly();
				setHeld(false);
			}
		}
	}

	private static boolean tryLock(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("select pg_try_advisory_lock(" + LOCK_CLASS + ", " + LOCK_OBJECT + ")")) {
			return result.next() && result.getBoolean(1);
		}
	}

	private boolean stillHeld() throws SQLException {
		if (!this.connection.isValid(5)) {
			return false;
		}
		try (Statement statement = this.connection.createStatement();
				ResultSet result = statement.executeQuery("select count(*) from pg_locks where locktype = 'advisory' "
						+ "and pid = pg_backend_pid() and granted and classid = " + LOCK_CLASS + " and objid = "
						+ LOCK_OBJECT)) {
			return result.next() && result.getLong(1) > 0;
		}
	}

	private void release() {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("select pg_advisory_unlock(" + LOCK_CLASS + ", " + LOCK_OBJECT + ")");
		}
		catch (SQLException ex) {
			logger.debug("Could not release the writer lease; closing its connection releases it", ex);
		}
		closeQuietly();
		setHeld(false);
		logger.info("Released the GitOps writer lease");
	}

	private void closeQuietly() {
		try {
			this.connection.close();
		}
		catch (SQLException ex) {
			logger.debug("Could not close the writer lease's connection", ex);
		}
		this.connection = null;
	}

	private void setHeld(boolean held) {
		this.state.set(held);
	}

}
