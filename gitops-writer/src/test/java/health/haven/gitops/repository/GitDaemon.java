package health.haven.gitops.repository;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real git server for push tests: C git's {@code git daemon} on loopback, serving the
 * bare repositories under a folder, with pushes enabled.
 */
public final class GitDaemon implements AutoCloseable {

	private final int port;

	private final Path base;

	private Process process;

	public GitDaemon(Path base) throws IOException {
		this.base = base;
		this.port = freePort();
		start();
	}

	/**
	 * Starts the server (again) on its port, as an operator brings a git server back.
	 */
	public synchronized void start() throws IOException {
		this.process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=" + this.port,
				"--base-path=" + this.base, "--export-all", "--enable=receive-pack", this.base.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.base.resolveSibling("git-daemon.log").toFile()))
			.start();
		await().atMost(Duration.ofSeconds(20)).until(this::accepts);
	}

	/**
	 * Stops the server: its port refuses connections until {@link #start} again.
	 */
	public synchronized void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> !accepts());
	}

	public String url(String repository) {
		return "git://127.0.0.1:" + this.port + "/" + repository;
	}

	public Path path(String repository) {
		return this.base.resolve(repository);
	}

	private boolean accepts() {
		return accepts(this.port);
	}

	/**
	 * Whether a server accepts connections on the loopback port.
	 */
	public static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			stop();
		}
	}

}
