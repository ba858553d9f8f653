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

	private final Process process;

	private final int port;

	private final Path base;

	public GitDaemon(Path base) throws IOException {
		this.base = base;
		this.port = freePort();
		this.process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=" + this.port,
				"--base-path=" + base, "--export-all", "--enable=receive-pack", base.toString())
			.redirectErrorStream(true)
			.redirectOutput(base.resolveSibling("git-daemon.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(20)).until(this::accepts);
	}

	public String url(String repository) {
		return "git://127.0.0.1:" + this.port + "/" + repository;
	}

	public Path path(String repository) {
		return this.base.resolve(repository);
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
