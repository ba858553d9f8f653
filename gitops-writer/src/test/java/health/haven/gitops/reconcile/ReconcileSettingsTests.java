package health.haven.gitops.reconcile;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the portal finds its clusters: {@code KUBECONFIG} as people set it, a single file
 * or a list of them.
 */
class ReconcileSettingsTests {

	@TempDir
	Path folder;

	@Test
	void readsTheFirstFileOfAListThatExists() throws Exception {
		Path existing = Files.writeString(this.folder.resolve("config"), "apiVersion: v1\n");
		String list = this.folder.resolve("missing") + File.pathSeparator + existing;
		assertThat(settings(list).kubeconfigFile()).isEqualTo(existing);
		assertThat(settings(existing.toString()).kubeconfigFile()).isEqualTo(existing);
		assertThat(settings(list).enabled()).isTrue();
	}

	@Test
	void namesTheFirstFileWhenNoneExistsSoThatReadingItSaysWhich() {
		Path missing = this.folder.resolve("missing");
		assertThat(settings(missing + File.pathSeparator + this.folder.resolve("other")).kubeconfigFile())
			.isEqualTo(missing);
	}

	@Test
	void withoutAKubeconfigOrAPodNothingIsWatched() {
		assertThat(settings("").enabled()).isFalse();
	}

	private static ReconcileSettings settings(String kubeconfig) {
		return new ReconcileSettings(kubeconfig, false, Duration.ofSeconds(60), Duration.ofSeconds(5),
				Duration.ofSeconds(30));
	}

}
