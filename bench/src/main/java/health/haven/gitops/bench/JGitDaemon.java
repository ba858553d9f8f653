package health.haven.gitops.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.resolver.FileResolver;

import health.haven.gitops.repository.GitDaemon;

import static org.awaitility.Awaitility.await;

/**
 * A git server whose work per push does not grow with the repository: JGit's
 * {@code git://} daemon (the receive-pack Gerrit runs), in a JVM of its own on loopback,
 * serving the bare repositories under a folder with pushes enabled. It indexes the pack
 * it receives and moves the branch; unlike C git's {@code receive-pack} it does not walk
 * the branch's whole tree to check connectivity. Like C git's, it runs an automatic
 * garbage collection after a push unless the repository sets {@code receive.autogc} to
 * false, which the benchmark does.
 */
public final class JGitDaemon implements AutoCloseable {

	private final int port;

	private final Process process;

	public JGitDaemon(Path base) throws IOException {
		this.port = GitDaemon.freePort();
		this.process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
				"-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), JGitDaemon.class.getName(),
				base.toString(), String.valueOf(this.port))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolveSibling("jgit-daemon.log").toFile()))
			.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> GitDaemon.accepts(this.port));
	}

	/**
	 * Serves the bare repositories under {@code args[0]} on loopback port {@code args[1]}
	 * until the process is stopped.
	 */
	public static void main(String[] args) throws Exception {
		Daemon daemon = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])));
		daemon.getService("git-receive-pack").setEnabled(true);
		daemon.setRepositoryResolver(new FileResolver<DaemonClient>(Path.of(args[0]).toFile(), true));
		daemon.start();
		Thread.currentThread().join();
	}

	public String url(String repository) {
		return "git://127.0.0.1:" + this.port + "/" + repository;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
