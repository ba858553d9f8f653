package health.haven.gitops.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a Kustomize folder as a GitOps controller would, offline: with
 * {@code kubectl kustomize}, or a standalone {@code kustomize} where that is what the
 * machine has.
 */
public final class Kustomize {

	private Kustomize() {
	}

	/**
	 * The multi-document YAML file the folder builds to; fails if it does not build.
	 */
	public static Path build(Path folder) throws IOException, InterruptedException {
		Path output = Files.createTempFile("kustomize", ".yaml");
		Path errors = Files.createTempFile("kustomize", ".err");
		Process process = new ProcessBuilder(command(folder)).redirectOutput(output.toFile())
			.redirectError(errors.toFile())
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("kustomize did not finish within 60 s on " + folder);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("kustomize could not build " + folder + ": " + Files.readString(errors));
		}
		return output;
	}

	private static List<String> command(Path folder) {
		if (onPath("kubectl")) {
			return List.of("kubectl", "kustomize", folder.toString());
		}
		if (onPath("kustomize")) {
			return List.of("kustomize", "build", folder.toString());
		}
		throw new IllegalStateException(
				"Building manifests needs kubectl or kustomize on the PATH (./setup-tests installs "
						+ "kubectl from Debian's kubernetes-client)");
	}

	private static boolean onPath(String program) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String folder : path.split(java.io.File.pathSeparator)) {
			if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
				return true;
			}
		}
		return false;
	}

}
