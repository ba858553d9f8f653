package health.haven.gitops.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real SSH git server for tests: OpenSSH's {@code sshd} on loopback, public keys only,
 * serving the repositories under a folder to the user the tests run as. It makes a client
 * key that it accepts, and the known-hosts line of its own host key.
 */
public final class GitSshServer implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path base;

	private final Path work;

	public GitSshServer(Path base) throws IOException, InterruptedException {
		this.base = base;
		this.port = Programs.freePort();
		Path sshd = Programs.require("sshd", "openssh-server");
		Path keygen = Programs.require("ssh-keygen", "openssh-client");
		this.work = Files.createDirectories(base.resolveSibling("ssh-server"));
		Programs.run(this.work, keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
				this.work.resolve("host_key").toString());
		Programs.run(this.work, keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "haven@haven.example", "-f",
				this.work.resolve("client_key").toString());
		Files.copy(this.work.resolve("client_key.pub"), this.work.resolve("authorized_keys"));
		String hostKey = Files.readString(this.work.resolve("host_key.pub")).strip().split("\\s+", 3)[0] + " "
				+ Files.readString(this.work.resolve("host_key.pub")).strip().split("\\s+", 3)[1];
		Files.writeString(this.work.resolve("known_hosts"), "[127.0.0.1]:" + this.port + " " + hostKey + "\n");
		Files.writeString(this.work.resolve("sshd_config"), """
				Port %2$d
				ListenAddress 127.0.0.1
				HostKey %1$s/host_key
				AuthorizedKeysFile %1$s/authorized_keys
				PubkeyAuthentication yes
				PasswordAuthentication no
				KbdInteractiveAuthentication no
				StrictModes no
				UsePAM no
				PermitRootLogin prohibit-password
				PidFile %1$s/sshd.pid
				""".formatted(this.work, this.port));
		// privilege separation needs this folder (./setup-tests makes it where it is
		// missing)
		if (!Files.isDirectory(Path.of("/run/sshd"))) {
			throw new IllegalStateException("sshd needs the folder /run/sshd: mkdir -p /run/sshd as root");
		}
		this.process = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f",
				this.work.resolve("sshd_config").toString())
			.redirectErrorStream(true)
			.redirectOutput(this.work.resolve("sshd.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> Programs.accepts(this.port));
	}

	public String url(String repository) {
		return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + this.port + this.base.resolve(repository);
	}

	public Path path(String repository) {
		return this.base.resolve(repository);
	}

	/**
	 * The private key the server accepts.
	 */
	public Path clientKey() {
		return this.work.resolve("client_key");
	}

	/**
	 * A known-hosts file with the server's host key.
	 */
	public Path knownHosts() {
		return this.work.resolve("known_hosts");
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
