package health.haven.gitops.repository;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Running the servers' programs from tests: finding them, running a command to its end,
 * and picking a free port.
 */
final class Programs {

	private Programs() {
	}

	static Path require(String program, String debianPackage) {
		for (String folder : List.of("/usr/sbin", "/usr/bin", "/usr/lib/git-core")) {
			Path candidate = Path.of(folder, program);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(
				program + " is missing: install Debian's " + debianPackage + " (./setup-tests installs it)");
	}

	static String run(Path directory, String... command) throws IOException, InterruptedException {
		Path output = Files.createTempFile("program", ".out");
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(output));
		}
		return Files.readString(output).strip();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
