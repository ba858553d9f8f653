package health.haven.gitops.repository;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GitOpsPropertiesTests {

	@Test
	void neverShowsThePassword() {
		GitOpsProperties properties = properties("https://git.example/gitops.git", "main", "token-123");
		assertThat(properties.toString()).doesNotContain("token-123").contains("password=(set)");
	}

	@Test
	void commitsInTheMirrorOnlyWithARemote() {
		assertThat(properties(null, "main", null).localRepository()).isEqualTo(Path.of("var/gitops.git"));
		assertThat(properties(null, "main", null).effectiveControllerUrl()).startsWith("file:")
			.endsWith("var/gitops.git");
		assertThat(properties("https://git.example/gitops.git", "main", null).localRepository())
			.isEqualTo(Path.of("var/gitops-mirror.git"));
	}

	@Test
	void refusesABranchNameThatIsNotOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(null, "main..x", null));
		assertThatIllegalArgumentException().isThrownBy(() -> properties(null, "-main", null));
	}

	private static GitOpsProperties properties(String url, String branch, String password) {
		return new GitOpsProperties(url, Path.of("var/gitops.git"), Path.of("var/gitops-mirror.git"), branch, null,
				"Haven", "haven@haven.example", "haven", password, null);
	}

}
