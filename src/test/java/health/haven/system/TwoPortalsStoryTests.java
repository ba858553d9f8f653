package health.haven.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import health.haven.gitops.repository.Git;
import health.haven.gitops.repository.GitDaemon;
import health.haven.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two portal replicas on one PostgreSQL and one GitOps remote: exactly one of them is the
 * writer (a PostgreSQL advisory lock); approvals taken by either are committed by it.
 * When the writer is killed, the other takes the lease and every change, those
 * acknowledged by the dead replica included, lands exactly once.
 */
class TwoPortalsStoryTests {

	private final Path root = tempDir();

	private final List<PortalProcess> portals = new ArrayList<>();

	private EmbeddedPostgres database;

	private GitDaemon daemon;

	@AfterEach
	void stopEverything() throws Exception {
		for (PortalProcess portal : this.portals) {
			portal.stop();
		}
		if (this.daemon != null) {
			this.daemon.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void everyChangeLandsOnceWhenTheWriterIsKilled() throws Exception {
		this.database = EmbeddedPostgres.builder().start();
		Path served = Files.createDirectories(this.root.resolve("served"));
		Git.run(served, "init", "-q", "--bare", "--initial-branch=main", "gitops.git");
		this.daemon = new GitDaemon(served);
		// replicas share the key their stored secrets (the issuer's signing key) are
		// encrypted with, as an operator configures them
		byte[] secretsKey = new byte[32];
		new SecureRandom().nextBytes(secretsKey);
		Map<String, String> shared = Map.of("SPRING_DATASOURCE_URL", this.database.getJdbcUrl("postgres", "postgres"),
				"SPRING_DATASOURCE_USERNAME", "postgres", "HAVEN_DEMO", "true", "HAVEN_GITOPS_URL",
				this.daemon.url("gitops.git"), "HAVEN_SECRETS_KEY", Base64.getEncoder().encodeToString(secretsKey));

		PortalProcess first = start("first", shared);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> first.log().contains("This portal is the GitOps writer now"));
		PortalProcess second = start("second", shared);
		ApiClient toFirst = new ApiClient(first.base()).withToken();
		ApiClient toSecond = new ApiClient(second.base()).withToken();

		// either replica takes approvals; the writer commits them all
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(createDev(toFirst, "replica-a" + i));
			ids.add(createDev(toSecond, "replica-b" + i));
		}
		awaitCommitted(toSecond, ids);
		assertThat(second.log()).doesNotContain("This portal is the GitOps writer now");

		// the writer dies with approvals in flight; the other replica takes over
		for (int i = 0; i < 4; i++) {
			ids.add(createDev(toFirst, "before-kill-" + i));
		}
		first.kill();
		for (int i = 0; i < 4; i++) {
			ids.add(createDev(toSecond, "after-kill-" + i));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> second.log().contains("This portal is the GitOps writer now"));
		awaitCommitted(toSecond, ids);

		Map<String, Integer> trailers = new HashMap<>();
		Git.run(this.daemon.path("gitops.git"), "log", "--format=%(trailers:key=Haven-Request,valueonly)", "main")
			.lines()
			.filter((line) -> !line.isBlank())
			.forEach((id) -> trailers.merge(id.strip(), 1, Integer::sum));
		assertThat(trailers).containsOnlyKeys(ids.toArray(String[]::new));
		assertThat(trailers.values()).containsOnly(1);
		assertThat(Git.run(this.daemon.path("gitops.git"), "rev-list", "--merges", "main")).isEmpty();
	}

	private PortalProcess start(String name, Map<String, String> environment) throws IOException {
		PortalProcess portal = PortalProcess.start(this.root.resolve(name),
				Path.of("target", "two-portals", name + ".log"), environment);
		this.portals.add(portal);
		return portal;
	}

	private static String createDev(ApiClient api, String environment) {
		ApiClient.Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(environment));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	/**
	 * A change the killed writer was handling is delivered again once it counts as stale
	 * (spring.modulith.events.staleness.processing, a minute, checked every 15 s) and the
	 * resubmission timer next runs: up to about two minutes after the kill, so the wait
	 * is twice that.
	 */
	private static void awaitCommitted(ApiClient api, List<String> ids) {
		api.awaitStates(ids, "COMMITTED", Duration.ofMinutes(4));
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("haven-two-portals-");
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
