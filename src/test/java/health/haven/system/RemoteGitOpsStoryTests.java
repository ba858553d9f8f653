package health.haven.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import health.haven.gitops.repository.Git;
import health.haven.gitops.repository.GitDaemon;
import health.haven.test.ApiClient;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code HAVEN_GITOPS_URL} set, approved requests reach the remote repository: here
 * a real {@code git daemon} on loopback, which the platform team has already written to.
 */
class RemoteGitOpsStoryTests extends PortalTest {

	private static final Path SERVED = served();

	private static final GitDaemon DAEMON = start();

	@DynamicPropertySource
	static void remote(DynamicPropertyRegistry registry) {
		registry.add("haven.gitops.url", () -> DAEMON.url("gitops.git"));
	}

	@AfterAll
	static void stop() throws InterruptedException {
		DAEMON.close();
	}

	@Test
	void anApprovedRequestIsPushedOnTopOfWhatTheRemoteHolds() throws Exception {
		ApiClient api = api().withToken();
		String id = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "remote-dev", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""").json().path("id").asText();
		JsonNode committed = api.awaitState(id, "COMMITTED");
		Path remote = DAEMON.path("gitops.git");
		assertThat(Git.run(remote, "rev-parse", "main")).isEqualTo(committed.at("/commit/sha").asText());
		assertThat(Git.run(remote, "log", "--format=%s", "main").lines())
			.containsExactly("Create finance/remote-dev (dev, eu-west)", "Platform team: repository layout");
		assertThat(Git.run(remote, "ls-tree", "-r", "--name-only", "main").lines()).contains("README.md",
				"environments/finance/remote-dev/kustomization.yaml");
		assertThat(Git.run(remote, "show", "main:clusters/shared-eu-west/teams/finance/remote-dev.yaml"))
			.contains("repoURL: " + DAEMON.url("gitops.git"));
	}

	private static Path served() {
		try {
			Path served = Files.createTempDirectory("served-");
			Git.run(served, "init", "-q", "--bare", "--initial-branch=main", "gitops.git");
			Path seed = Files.createTempDirectory("seed-");
			Git.run(seed, "clone", "-q", served.resolve("gitops.git").toString(), "work");
			Files.writeString(seed.resolve("work/README.md"), "GitOps repository of the platform team\n");
			Git.run(seed.resolve("work"), "add", "README.md");
			Git.run(seed.resolve("work"), "-c", "user.name=Platform", "-c", "user.email=platform@example.org", "commit",
					"-qm", "Platform team: repository layout");
			Git.run(seed.resolve("work"), "push", "-q", "origin", "HEAD:main");
			return served;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static GitDaemon start() {
		try {
			return new GitDaemon(SERVED);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
