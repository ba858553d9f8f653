package health.haven.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import health.haven.gitops.repository.Git;
import health.haven.gitops.repository.GitDaemon;
import health.haven.test.ApiClient;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The writer under fire, against a real git server: fifty approvals at once while another
 * writer keeps pushing to the same branch, then the server stopped for thirty seconds.
 * Every change lands, once, on a linear history; none is failed for a passing cause.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriterUnderFireStoryTests extends PortalTest {

	private static final Path SERVED = served();

	private static final GitDaemon DAEMON = start();

	@DynamicPropertySource
	static void remote(DynamicPropertyRegistry registry) {
		registry.add("haven.gitops.url", () -> DAEMON.url("gitops.git"));
		registry.add("haven.gitops.queue.retry-first", () -> "500ms");
		registry.add("haven.gitops.queue.retry-longest", () -> "3s");
	}

	@AfterAll
	static void stop() throws InterruptedException {
		DAEMON.close();
	}

	@Test
	@Order(1)
	void fiftyApprovalsAtOnceWhileAnotherWriterPushesLandOnceEachOnALinearHistory() throws Exception {
		ApiClient api = api().withToken();
		AtomicInteger theirCommits = new AtomicInteger();
		Path clone = cloneForTheOtherWriter();
		// another writer of the branch: a busy automation pushing four times a second
		ScheduledExecutorService platformTeam = Executors.newSingleThreadScheduledExecutor();
		platformTeam.scheduleWithFixedDelay(() -> pushOnce(clone, theirCommits), 0, 250, TimeUnit.MILLISECONDS);
		ExecutorService clients = Executors.newFixedThreadPool(50);
		List<Future<String>> submitted = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			String environment = "fire-" + i;
			submitted.add(clients.submit(() -> createDev(api, environment)));
		}
		List<String> ids = new ArrayList<>();
		for (Future<String> id : submitted) {
			ids.add(id.get(2, TimeUnit.MINUTES));
		}
		api.awaitStates(ids, "COMMITTED", Duration.ofMinutes(3));
		platformTeam.shutdown();
		assertThat(platformTeam.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
		clients.shutdown();

		Path remote = DAEMON.path("gitops.git");
		Map<String, Integer> trailers = trailers(remote);
		assertThat(trailers).containsKeys(ids.toArray(String[]::new));
		assertThat(trailers).allSatisfy((id, commits) -> assertThat(commits).as(id).isEqualTo(1));
		assertThat(Git.run(remote, "rev-list", "--merges", "main")).isEmpty();
		assertThat(theirCommits.get()).isPositive();
		assertThat(Git.run(remote, "log", "--format=%s", "main")
			.lines()
			.filter((subject) -> subject.startsWith("Platform team: notes"))).hasSize(theirCommits.get());
		// each request's commit is the one on the branch with its trailer
		for (String id : ids) {
			String sha = api.get("/api/v1/requests/" + id).json().at("/commit/sha").asText();
			assertThat(Git.run(remote, "log", "-1", "--format=%(trailers:key=Haven-Request,valueonly)", sha))
				.isEqualTo(id);
		}
	}

	@Test
	@Order(2)
	void aGitServerAwayForThirtySecondsDelaysTheChangesAndEveryOneLandsWhenItIsBack() throws Exception {
		ApiClient api = api().withToken();
		DAEMON.stop();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(createDev(api, "away-" + i));
		}
		// approved, retrying, never failed
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ids.stream().allMatch((id) -> api.get("/api/v1/requests/" + id).json().has("delay")));
		JsonNode waiting = api.get("/api/v1/requests/" + ids.get(0)).json();
		assertThat(waiting.path("state").asText()).isEqualTo("APPROVED");
		assertThat(waiting.at("/delay/reason").asText()).contains("GitOps remote", "Connection refused");
		assertThat(waiting.at("/delay/nextAttemptAt").asText()).isNotEmpty();
		assertThat(waiting.path("timeline").valueStream().map((entry) -> entry.path("note").asText()))
			.anyMatch((note) -> note.startsWith("Retrying: "));

		// the server stays away for thirty seconds; the requests stay approved all along
		await().during(Duration.ofSeconds(30))
			.atMost(Duration.ofSeconds(45))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> ids.stream()
				.allMatch((id) -> "APPROVED".equals(api.get("/api/v1/requests/" + id).json().path("state").asText())));
		DAEMON.start();
		api.awaitStates(ids, "COMMITTED", Duration.ofMinutes(1));
		Map<String, Integer> trailers = trailers(DAEMON.path("gitops.git"));
		assertThat(ids).allSatisfy((id) -> assertThat(trailers).containsEntry(id, 1));
		assertThat(api.get("/api/v1/requests/" + ids.get(0)).json().has("delay")).isFalse();
	}

	private static String createDev(ApiClient api, String environment) {
		ApiClient.Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(environment));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private static Path cloneForTheOtherWriter() throws IOException, InterruptedException {
		Path clone = Files.createTempDirectory("platform-team-").resolve("work");
		Git.run(clone.getParent(), "clone", "-q", DAEMON.url("gitops.git"), clone.toString());
		return clone;
	}

	/**
	 * One push of the other writer (the platform team's automation): edits a file of its
	 * own, commits, and pushes, pulling first when the push is refused.
	 */
	private static void pushOnce(Path clone, AtomicInteger commits) {
		try {
			Files.writeString(clone.resolve("README.md"), "platform notes " + commits.get() + "\n");
			Git.run(clone, "-c", "user.name=Platform", "-c", "user.email=platform@example.org", "commit", "-qam",
					"Platform team: notes " + commits.get());
			pushWithRebase(clone);
			commits.incrementAndGet();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void pushWithRebase(Path clone) throws IOException, InterruptedException {
		for (int attempt = 0; attempt < 50; attempt++) {
			try {
				Git.run(clone, "push", "-q", "origin", "HEAD:main");
				return;
			}
			catch (IllegalStateException refused) {
				Git.run(clone, "-c", "user.name=Platform", "-c", "user.email=platform@example.org", "pull", "-q",
						"--rebase", "origin", "main");
			}
		}
		throw new IllegalStateException("The other writer could not push in 50 attempts");
	}

	private static Map<String, Integer> trailers(Path remote) throws IOException, InterruptedException {
		Map<String, Integer> counts = new HashMap<>();
		Git.run(remote, "log", "--format=%(trailers:key=Haven-Request,valueonly)", "main")
			.lines()
			.filter((line) -> !line.isBlank())
			.forEach((id) -> counts.merge(id.strip(), 1, Integer::sum));
		return counts;
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
