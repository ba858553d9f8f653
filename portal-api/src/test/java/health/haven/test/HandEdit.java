package health.haven.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A person editing the GitOps repository by hand, outside the portal, with C git: a
 * clone, changes to its files, one commit pushed to the branch.
 */
public final class HandEdit {

	private final Path clone;

	private HandEdit(Path clone) {
		this.clone = clone;
	}

	/**
	 * A fresh clone of the repository's {@code main} branch.
	 */
	public static HandEdit of(String repository) throws IOException {
		Path clone = Files.createTempDirectory("haven-hand-edit-");
		git(clone, "clone", "-q", "--branch", "main", repository, ".");
		return new HandEdit(clone);
	}

	public String read(String path) throws IOException {
		return Files.readString(this.clone.resolve(path));
	}

	public HandEdit change(String path, UnaryOperator<String> edit) throws IOException {
		Files.writeString(this.clone.resolve(path), edit.apply(read(path)));
		return this;
	}

	public HandEdit write(String path, String content) throws IOException {
		Files.createDirectories(this.clone.resolve(path).getParent());
		Files.writeString(this.clone.resolve(path), content);
		return this;
	}

	/**
	 * Commits the changes as the night shift and pushes them.
	 * @return the commit
	 */
	public String push(String message) throws IOException {
		git(this.clone, "add", "-A");
		git(this.clone, "-c", "user.name=Night Shift", "-c", "user.email=oncall@hospital.example", "commit", "-q", "-m",
				message);
		git(this.clone, "push", "-q", "origin", "HEAD:main");
		return git(this.clone, "rev-parse", "HEAD");
	}

	private static String git(Path directory, String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add("git");
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("git " + String.join(" ", arguments) + " failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while running git", ex);
		}
		return output.strip();
	}

}
