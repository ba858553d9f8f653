package health.haven.gitops.commit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import health.haven.gitops.PublishedEvents;
import health.haven.gitops.WriterTestConfiguration;
import health.haven.gitops.lease.HeldLease;
import health.haven.gitops.repository.Batch;
import health.haven.gitops.repository.Git;
import health.haven.gitops.repository.GitDaemon;
import health.haven.gitops.repository.GitOpsProperties;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.Placement;
import health.haven.provisioning.request.ManifestCommitDelayed;
import health.haven.provisioning.request.ManifestsCommitted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The commit queue and its one writer on a real PostgreSQL and real git repositories:
 * changes committed together, reported once each, retried while the remote is away, and
 * neither lost nor doubled by a crash at any point of a pass.
 */
@SpringJUnitConfig(WriterTestConfiguration.class)
@Import({ CommitQueue.class, FolderRecords.class })
class CommitLoopIntegrationTests {

	static final Placement PLACEMENT = new Placement("shared-eu-west", GitOpsController.ARGO_CD, "argocd",
			"odoo-finance-erp");

	private static final CommitLoopSettings SETTINGS = new CommitLoopSettings(200, Duration.ofMillis(100),
			Duration.ofMillis(200), Duration.ofSeconds(1));

	private static final CommitLoopSettings ONE_PER_PASS = new CommitLoopSettings(1, Duration.ofMillis(100),
			Duration.ofMillis(200), Duration.ofSeconds(1));

	@Autowired
	CommitQueue queue;

	@Autowired
	FolderRecords folders;

	@Autowired
	PublishedEvents events;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	@TempDir
	Path data;

	private GitOpsRepository repository;

	@BeforeEach
	void emptyQueue() throws Exception {
		this.jdbc.sql("delete from gitops_change").update();
		this.jdbc.sql("delete from gitops_folder").update();
		this.events.clear();
		this.repository = new GitOpsRepository(properties(null), this.clock);
	}

	@AfterEach
	void close() {
		this.repository.close();
	}

	@Test
	void commitsWhatIsDueInOnePassAndReportsEachChangeOnce() throws Exception {
		// a bare repository keeps no reflog unless asked: here it shows how often the
		// branch moved
		this.repository.repository().getConfig().setBoolean("core", null, "logAllRefUpdates", true);
		List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		for (int i = 0; i < ids.size(); i++) {
			enqueue(ids.get(i), "environments/finance/erp-" + i, "replicas: " + i);
		}
		loop(this.repository).drain();

		List<ManifestsCommitted> committed = this.events.of(ManifestsCommitted.class);
		assertThat(committed).extracting(ManifestsCommitted::requestId).containsExactlyElementsOf(ids);
		assertThat(committed).extracting(ManifestsCommitted::placement).containsOnly(PLACEMENT);
		List<RevCommit> history = history(this.repository);
		assertThat(history).hasSize(3);
		assertThat(committed).extracting(ManifestsCommitted::commitSha)
			.containsExactly(history.get(2).name(), history.get(1).name(), history.get(0).name());
		// three commits, one move of the branch: one pass
		assertThat(this.repository.repository().getRefDatabase().getReflogReader("refs/heads/main").getReverseEntries())
			.extracting(ReflogEntry::getNewId)
			.containsExactly(history.get(0).getId());
		assertThat(this.jdbc.sql("select count(*) from gitops_change where state = 'COMMITTED' and files is null")
			.query(Long.class)
			.single()).isEqualTo(3);

		loop(this.repository).drain();
		assertThat(this.events.of(ManifestsCommitted.class)).hasSize(3);
	}

	@Test
	void reportsAChangeCommittedBeforeAgainWithoutAnotherCommit() throws Exception {
		UUID id = UUID.randomUUID();
		assertThat(this.queue.reportIfCommitted(id)).isFalse();
		enqueue(id, "environments/finance/erp", "replicas: 2");
		assertThat(this.queue.enqueue(id, "environments/finance/erp", Map.of(), "again", PLACEMENT)).isFalse();
		loop(this.repository).drain();
		assertThat(this.queue.reportIfCommitted(id)).isTrue();
		assertThat(this.events.of(ManifestsCommitted.class)).hasSize(2)
			.extracting(ManifestsCommitted::commitSha)
			.containsOnly(this.repository.head().name());
		assertThat(history(this.repository)).hasSize(1);
	}

	@Test
	void aCrashAfterThePushFindsTheCommitOnTheBranchAndCommitsNothingAgain() throws Exception {
		UUID id = UUID.randomUUID();
		enqueue(id, "environments/finance/erp", "replicas: 2");
		// a pass that planned, published and was killed before recording the commit
		Batch batch = this.repository.build(this.repository.refresh(),
				List.of(this.queue.due(10).get(0).toRepositoryChange()));
		this.queue.plan(batch.commits());
		assertThat(this.repository.publish(batch)).isTrue();

		loop(this.repository).drain();
		assertThat(history(this.repository)).hasSize(1);
		assertThat(this.events.of(ManifestsCommitted.class)).singleElement()
			.extracting(ManifestsCommitted::commitSha)
			.isEqualTo(batch.tip().name());
	}

	@Test
	void aCrashBeforeThePushCommitsTheChangeOnce() throws Exception {
		try (GitDaemon daemon = servingAnEmptyRepository();
				GitOpsRepository remote = new GitOpsRepository(properties(daemon.url("gitops.git")), this.clock)) {
			UUID id = UUID.randomUUID();
			enqueue(id, "environments/finance/erp", "replicas: 2");
			// a pass that planned and moved its mirror's branch, and was killed before
			// the
			// push
			Batch batch = remote.build(remote.refresh(), List.of(this.queue.due(10).get(0).toRepositoryChange()));
			this.queue.plan(batch.commits());
			moveMirrorBranch(remote, batch);

			loop(remote).drain();
			assertThat(Git.run(daemon.path("gitops.git"), "rev-list", "--count", "main")).isEqualTo("1");
			String pushed = Git.run(daemon.path("gitops.git"), "rev-parse", "main");
			assertThat(
					Git.run(daemon.path("gitops.git"), "log", "-1", "--format=%(trailers:key=Haven-Request,valueonly)"))
				.isEqualTo(id.toString());
			assertThat(this.events.of(ManifestsCommitted.class)).singleElement()
				.extracting(ManifestsCommitted::commitSha)
				.isEqualTo(pushed);
		}
	}

	@Test
	void aRemoteThatIsAwayDelaysTheChangesAndTheyLandWhenItIsBack() throws Exception {
		try (GitDaemon daemon = servingAnEmptyRepository();
				GitOpsRepository remote = new GitOpsRepository(properties(daemon.url("gitops.git")), this.clock)) {
			daemon.stop();
			List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID());
			enqueue(ids.get(0), "environments/finance/erp", "replicas: 2");
			enqueue(ids.get(1), "environments/finance/crm", "replicas: 2");
			CommitLoop loop = loop(remote);
			loop.drain();
			assertThat(this.events.of(ManifestsCommitted.class)).isEmpty();
			List<ManifestCommitDelayed> delayed = this.events.of(ManifestCommitDelayed.class);
			assertThat(delayed).extracting(ManifestCommitDelayed::requestId).containsExactlyElementsOf(ids);
			assertThat(delayed).allSatisfy((delay) -> {
				assertThat(delay.attempts()).isEqualTo(1);
				assertThat(delay.reason()).contains("Could not fetch from the GitOps remote");
				assertThat(delay.nextAttemptAt()).isAfter(Instant.now().minusSeconds(1));
			});
			// not due yet: nothing is tried before the backoff has passed
			assertThat(this.queue.due(10)).isEmpty();

			daemon.start();
			// each change's next attempt has its own jitter: wait for both
			await().atMost(Duration.ofSeconds(10)).until(() -> this.queue.due(10).size() == ids.size());
			loop.drain();
			assertThat(this.events.of(ManifestsCommitted.class)).extracting(ManifestsCommitted::requestId)
				.containsExactlyElementsOf(ids);
			assertThat(Git.run(daemon.path("gitops.git"), "rev-list", "--count", "main")).isEqualTo("2");
		}
	}

	@Test
	void buildsEachPassWhileTheOneBeforeIsPushedAndBuildsItAgainWhenThatPushFindsTheBranchMoved() throws Exception {
		try (GitDaemon daemon = servingAnEmptyRepository();
				GitOpsRepository remote = new GitOpsRepository(properties(daemon.url("gitops.git")), this.clock)) {
			CommitLoop loop = onePassPerChange(remote);
			UUID first = firstChangeLanded(loop);
			// another writer pushes: the loop's next pass is built on a head that moved
			Path other = this.data.resolve("other");
			Git.run(this.data, "clone", "-q", daemon.url("gitops.git"), "other");
			Files.writeString(other.resolve("README.md"), "hand-written\n");
			Git.run(other, "add", "README.md");
			Git.run(other, "-c", "user.name=Ops", "-c", "user.email=ops@haven.example", "commit", "-q", "-m",
					"Another writer");
			Git.run(other, "push", "-q", "origin", "main");
			List<UUID> ids = enqueueApps(4);

			loop.drain();

			// the pass built on the first refused push was dropped, and nothing of it
			// was recorded: every change landed once, in order, on a linear history
			assertThat(loop.passesDroppedBesideAPush()).isGreaterThanOrEqualTo(1);
			assertThat(loop.passesBuiltBesideAPush()).isGreaterThanOrEqualTo(1);
			Path bare = daemon.path("gitops.git");
			assertThat(Git.run(bare, "rev-list", "--count", "main")).isEqualTo("6");
			assertThat(Git.run(bare, "rev-list", "--count", "--merges", "main")).isEqualTo("0");
			List<String> trailers = Git
				.run(bare, "log", "--reverse", "--format=%(trailers:key=Haven-Request,valueonly)", "main")
				.lines()
				.filter((line) -> !line.isBlank())
				.toList();
			List<UUID> all = new ArrayList<>(List.of(first));
			all.addAll(ids);
			assertThat(trailers).containsExactlyElementsOf(all.stream().map(UUID::toString).toList());
			assertThat(this.events.of(ManifestsCommitted.class)).extracting(ManifestsCommitted::requestId)
				.containsExactlyElementsOf(all);
			assertThat(Git.run(bare, "log", "-1", "--format=%H", "main"))
				.isEqualTo(this.events.of(ManifestsCommitted.class).get(4).commitSha());
		}
	}

	@Test
	void aPassBuiltBesideAPushThatCannotLandIsDroppedUnrecordedAndLandsOnceTheRemoteIsBack() throws Exception {
		try (GitDaemon daemon = servingAnEmptyRepository();
				GitOpsRepository remote = new GitOpsRepository(properties(daemon.url("gitops.git")), this.clock)) {
			CommitLoop loop = onePassPerChange(remote);
			UUID first = firstChangeLanded(loop);
			daemon.stop();
			List<UUID> ids = enqueueApps(3);

			loop.drain();

			// the first pass planned its commit and could not push it; the one built
			// beside it was dropped before anything of it was recorded
			assertThat(loop.passesDroppedBesideAPush()).isGreaterThanOrEqualTo(1);
			assertThat(this.jdbc
				.sql("select request_id from gitops_change where planned_sha is not null and state = 'QUEUED'")
				.query(UUID.class)
				.list()).containsExactly(ids.get(0));
			assertThat(this.events.of(ManifestCommitDelayed.class)).extracting(ManifestCommitDelayed::requestId)
				.containsExactlyInAnyOrderElementsOf(ids);
			assertThat(Git.run(daemon.path("gitops.git"), "rev-list", "--count", "main")).isEqualTo("1");

			daemon.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.queue.due(10).size() == ids.size());
			loop.drain();
			Path bare = daemon.path("gitops.git");
			assertThat(Git.run(bare, "rev-list", "--count", "main")).isEqualTo("4");
			assertThat(Git.run(bare, "log", "--format=%(trailers:key=Haven-Request,valueonly)", "main")
				.lines()
				.filter((line) -> !line.isBlank())).containsExactlyInAnyOrder(first.toString(), ids.get(0).toString(),
						ids.get(1).toString(), ids.get(2).toString());
			assertThat(this.events.of(ManifestsCommitted.class)).extracting(ManifestsCommitted::requestId)
				.containsExactlyInAnyOrder(first, ids.get(0), ids.get(1), ids.get(2));
		}
	}

	@Test
	void changesQueuedWhileAPushIsUnderWayJoinThePassBuiltBesideIt() throws Exception {
		try (GitDaemon daemon = servingAnEmptyRepository();
				GitOpsRepository remote = new GitOpsRepository(properties(daemon.url("gitops.git")), this.clock)) {
			CommitLoop loop = new CommitLoop(this.queue, this.folders, remote, new HeldLease(),
					new CommitLoopSettings(2, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(1)),
					this.clock);
			UUID first = firstChangeLanded(loop);
			// from now on a slow server: each push waits a second and a half in the
			// server's hook, and is counted
			Path hook = daemon.path("gitops.git").resolve("hooks/pre-receive");
			Path pushes = this.data.resolve("pushes.log");
			Files.writeString(hook, "#!/bin/sh\ncat > /dev/null\necho push >> " + pushes + "\nsleep 1.5\n");
			hook.toFile().setExecutable(true);
			List<UUID> ids = enqueueApps(3);
			long packs = packs(remote);
			Thread drain = new Thread(loop::drain);
			drain.start();
			// the first pass (two changes) is at the server, and the third change is
			// built beside it (each pass writes a pack of its own); a fourth is queued
			// meanwhile
			await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pushes) && packs(remote) >= packs + 2);
			UUID late = UUID.randomUUID();
			enqueue(late, "environments/finance/late", "replicas: 1");
			loop.wake();
			drain.join(Duration.ofSeconds(30).toMillis());

			assertThat(drain.isAlive()).isFalse();
			// two pushes: the third and the late change went together
			assertThat(Files.readAllLines(pushes)).hasSize(2);
			assertThat(loop.passesBuiltBesideAPush()).isEqualTo(1);
			List<UUID> all = new ArrayList<>(List.of(first));
			all.addAll(ids);
			all.add(late);
			assertThat(this.events.of(ManifestsCommitted.class)).extracting(ManifestsCommitted::requestId)
				.containsExactlyElementsOf(all);
			assertThat(Git.run(daemon.path("gitops.git"), "rev-list", "--count", "main")).isEqualTo("5");
		}
	}

	@Test
	void writesNothingWhileAnotherReplicaHoldsTheLease() throws Exception {
		enqueue(UUID.randomUUID(), "environments/finance/erp", "replicas: 2");
		HeldLease lease = new HeldLease();
		lease.release();
		new CommitLoop(this.queue, this.folders, this.repository, lease, SETTINGS, this.clock).drain();
		assertThat(this.repository.head()).isNull();
		assertThat(this.queue.due(10)).hasSize(1);
	}

	private void enqueue(UUID id, String folder, String deployment) {
		String environment = folder.substring(folder.lastIndexOf('/') + 1);
		this.queue.enqueue(id, folder,
				Map.of(folder + "/deployment.yaml", deployment,
						"clusters/shared-eu-west/finance-" + environment + ".yaml", "kind: Application\n"),
				"Create " + folder + "\n\nHaven-Request: " + id + "\n", PLACEMENT);
	}

	private GitDaemon servingAnEmptyRepository() throws Exception {
		Path served = Files.createDirectories(this.data.resolve("served"));
		Git.run(served, "init", "-q", "--bare", "--initial-branch=main", "gitops.git");
		return new GitDaemon(served);
	}

	/**
	 * A loop that takes a pass per change, so that each is built while the one before is
	 * pushed.
	 */
	private CommitLoop onePassPerChange(GitOpsRepository remote) {
		return new CommitLoop(this.queue, this.folders, remote, new HeldLease(), ONE_PER_PASS, this.clock);
	}

	/**
	 * One change written through the loop: after it, the loop builds on the head it
	 * pushed without fetching first.
	 */
	private UUID firstChangeLanded(CommitLoop loop) {
		UUID first = UUID.randomUUID();
		enqueue(first, "environments/finance/erp", "replicas: 1");
		loop.drain();
		return first;
	}

	/**
	 * How many packs the writer's repository holds.
	 */
	private static long packs(GitOpsRepository repository) throws Exception {
		try (var files = Files.list(repository.repository().getDirectory().toPath().resolve("objects/pack"))) {
			return files.filter((file) -> file.toString().endsWith(".pack")).count();
		}
	}

	private List<UUID> enqueueApps(int count) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(UUID.randomUUID());
			enqueue(ids.get(i), "environments/finance/app-" + i, "replicas: " + i);
		}
		return ids;
	}

	private CommitLoop loop(GitOpsRepository repository) {
		return new CommitLoop(this.queue, this.folders, repository, new HeldLease(), SETTINGS, this.clock);
	}

	private static void moveMirrorBranch(GitOpsRepository repository, Batch batch) throws Exception {
		var update = repository.repository().updateRef("refs/heads/main");
		update.setNewObjectId(batch.tip());
		update.setForceUpdate(true);
		update.update();
	}

	private static List<RevCommit> history(GitOpsRepository repository) throws Exception {
		List<RevCommit> commits = new ArrayList<>();
		ObjectId head = repository.head();
		try (RevWalk walk = new RevWalk(repository.repository())) {
			walk.markStart(walk.parseCommit(head));
			walk.forEach(commits::add);
		}
		return commits;
	}

	private GitOpsProperties properties(String url) {
		return new GitOpsProperties(url, this.data.resolve("gitops.git"), this.data.resolve("mirror.git"), "main", null,
				"Haven", "haven@haven.example", null, null, null);
	}

}
