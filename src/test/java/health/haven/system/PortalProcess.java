package health.haven.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A portal in a process of its own, started as README command one starts it (its
 * first-run defaults, a data folder), so that a test can kill it as the kernel's OOM
 * killer or a power cut would.
 */
final class PortalProcess {

	private final Process process;

	private final Path log;

	private final int port;

	private PortalProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts a portal on the data folder and waits until it reports itself up.
	 */
	static PortalProcess start(Path dataDir, Path log) throws IOException {
		return start(dataDir, log, Map.of());
	}

	/**
	 * Starts a portal with settings of its own in its environment, as an operator sets
	 * them ({@code HAVEN_GITOPS_URL}, say).
	 */
	static PortalProcess start(Path dataDir, Path log, Map<String, String> environment) throws IOException {
		return start(dataDir, log, environment, freePort());
	}

	/**
	 * Starts a portal on a port chosen before, for a party that must know its address
	 * first (an identity provider's redirect URI).
	 */
	static PortalProcess start(Path dataDir, Path log, Map<String, String> environment, int port) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx768m", "-XX:TieredStopAtLevel=1",
				"-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp",
				System.getProperty("java.class.path"), "health.haven.HavenApplication"));
		builder.environment().put("HAVEN_DATA_DIR", dataDir.toString());
		builder.environment().put("SERVER_PORT", String.valueOf(port));
		// no cluster of the machine's (a KUBECONFIG, the pod a CI job runs in)
		builder.environment().remove("KUBECONFIG");
		builder.environment().put("HAVEN_RECONCILE_IN_CLUSTER", "false");
		// the stories make more environments for one team than a team's default quota
		// holds
		builder.environment().put("HAVEN_GATES_QUOTA_ENVIRONMENTS", "100000");
		builder.environment().put("HAVEN_GATES_QUOTA_CPU", "1000000");
		builder.environment().put("HAVEN_GATES_QUOTA_MEMORYGI", "10000000");
		builder.environment().put("HAVEN_GATES_QUOTA_STORAGEGI", "100000000");
		builder.environment().putAll(environment);
		Files.createDirectories(log.getParent());
		PortalProcess portal = new PortalProcess(builder.redirectErrorStream(true).redirectOutput(log.toFile()).start(),
				log, port);
		portal.awaitUp();
		return portal;
	}

	String base() {
		return "http://localhost:" + this.port;
	}

	String log() throws IOException {
		return Files.readString(this.log);
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * SIGKILL: no shutdown hook runs, nothing is flushed or closed.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/**
	 * A clean stop, as Ctrl-C or a service manager would ask for; nothing if it is not
	 * running.
	 */
	void stop() throws InterruptedException {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			kill();
		}
	}

	private void awaitUp() {
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The portal stopped while starting:\n" + tail());
			}
			try {
				HttpResponse<String> health = http.send(
						HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				return health.statusCode() == 200 && health.body().contains("\"UP\"");
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private String tail() throws IOException {
		List<String> lines = Files.readAllLines(this.log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
