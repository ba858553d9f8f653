package health.haven.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import health.haven.gitops.repository.Git;
import health.haven.gitops.repository.GitDaemon;
import health.haven.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The portal killed (SIGKILL) between its commit and the push's outcome, against a real
 * git server whose pre-receive hook holds the push: once the server takes the push after
 * the portal is gone, once it refuses it. Started again, the portal commits each change
 * exactly once: it finds the first on the remote by its trailer, and writes the second
 * again.
 */
class KillDuringPushStoryTests {

	private final Path root = tempDir();

	private final Path served = this.root.resolve("served");

	private final Path hookSignals = this.root.resolve("hook");

	private final List<PortalProcess> portals = new ArrayList<>();

	private GitDaemon daemon;

	@AfterEach
	void stopEverything() throws InterruptedException {
		for (PortalProcess portal : this.portals) {
			portal.stop();
		}
		if (this.daemon != null) {
			this.daemon.close();
		}
	}

	@Test
	void aChangeCommittedButNotKnownToBePushedLandsExactlyOnce() throws Exception {
		Files.createDirectories(this.served);
		Files.createDirectories(this.hookSignals);
		Git.run(this.served, "init", "-q", "--bare", "--initial-branch=main", "gitops.git");
		this.daemon = new GitDaemon(this.served);
		Path data = this.root.resolve("data");
		Map<String, String> remote = Map.of("HAVEN_GITOPS_URL", this.daemon.url("gitops.git"));

		// the server holds the push, the portal dies, the server takes the push
		holdPushes(true);
		PortalProcess first = start(data, "1-first.log", remote);
		String landed = createDev(first, "killed-landed");
		awaitPushHeld();
		first.kill();
		await().atMost(Duration.ofSeconds(30)).until(() -> trailers().contains(landed));

		// started again: the change is found on the remote, not written twice
		releaseHold();
		PortalProcess second = start(data, "2-after-kill.log", remote);
		ApiClient api = new ApiClient(second.base()).withToken();
		assertThat(api.awaitState(landed, "COMMITTED").at("/commit/sha").asText()).isEqualTo(remoteHead());

		// the server holds the push, the portal dies, the server refuses the push
		holdPushes(false);
		String refused = createDev(second, "killed-refused");
		awaitPushHeld();
		second.kill();
		await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(this.hookSignals.resolve("push-done")));
		assertThat(trailers()).doesNotContain(refused);

		// started again: the change is written, once
		releaseHold();
		PortalProcess third = start(data, "3-after-kill.log", remote);
		api = new ApiClient(third.base()).withToken();
		assertThat(api.awaitState(refused, "COMMITTED").at("/commit/sha").asText()).isEqualTo(remoteHead());
		assertThat(trailers()).containsOnlyOnce(landed, refused).hasSize(2);
		assertThat(Git.run(this.daemon.path("gitops.git"), "rev-list", "--count", "main")).isEqualTo("2");
	}

	/**
	 * A pre-receive hook that says when a push arrives, holds it five seconds, and then
	 * takes or refuses it.
	 */
	private void holdPushes(boolean take) throws IOException {
		Files.deleteIfExists(this.hookSignals.resolve("push-started"));
		Files.deleteIfExists(this.hookSignals.resolve("push-done"));
		Path hook = this.daemon.path("gitops.git").resolve("hooks/pre-receive");
		Files.writeString(hook, """
				#!/bin/sh
				cat > /dev/null
				touch '%s/push-started'
				sleep 5
				touch '%s/push-done'
				exit %d
				""".formatted(this.hookSignals, this.hookSignals, take ? 0 : 1));
		Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	private void releaseHold() throws IOException {
		Files.deleteIfExists(this.daemon.path("gitops.git").resolve("hooks/pre-receive"));
	}

	private void awaitPushHeld() {
		await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(this.hookSignals.resolve("push-started")));
	}

	private PortalProcess start(Path data, String log, Map<String, String> environment) throws IOException {
		PortalProcess portal = PortalProcess.start(data, Path.of("target", "kill-during-push", log), environment);
		this.portals.add(portal);
		return portal;
	}

	private static String createDev(PortalProcess portal, String environment) {
		ApiClient.Response created = new ApiClient(portal.base()).withToken().post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(environment));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private List<String> trailers() throws IOException, InterruptedException {
		try {
			return Git
				.run(this.daemon.path("gitops.git"), "log", "--format=%(trailers:key=Haven-Request,valueonly)", "main")
				.lines()
				.filter((line) -> !line.isBlank())
				.toList();
		}
		catch (IllegalStateException noBranchYet) {
			return List.of();
		}
	}

	private String remoteHead() throws IOException, InterruptedException {
		return Git.run(this.daemon.path("gitops.git"), "rev-parse", "main");
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("haven-kill-push-");
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
