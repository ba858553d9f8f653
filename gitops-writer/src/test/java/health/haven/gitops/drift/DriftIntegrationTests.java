package health.haven.gitops.drift;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.gitops.PublishedEvents;
import health.haven.gitops.WriterTestConfiguration;
import health.haven.gitops.commit.CommitLoop;
import health.haven.gitops.commit.CommitLoopSettings;
import health.haven.gitops.commit.CommitQueue;
import health.haven.gitops.commit.FolderRecords;
import health.haven.gitops.lease.HeldLease;
import health.haven.gitops.repository.Git;
import health.haven.gitops.repository.GitDaemon;
import health.haven.gitops.repository.GitOpsProperties;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.provisioning.environment.DriftDecided;
import health.haven.provisioning.environment.DriftDecision;
import health.haven.provisioning.environment.DriftDetected;
import health.haven.provisioning.environment.DriftResolved;
import health.haven.provisioning.environment.FolderRestored;
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.Placement;
import health.haven.provisioning.request.ManifestCommitDelayed;
import health.haven.provisioning.request.ManifestsCommitted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand edits of environment folders, made with C git by a person outside the portal,
 * against the writer, the drift check and the decisions of a platform administrator, on a
 * real PostgreSQL and real repositories: an edit is never silently overwritten, the
 * change waits for a decision, an accepted edit survives later changes, a discarded one
 * is written over or restored.
 */
@SpringJUnitConfig(WriterTestConfiguration.class)
@Import({ CommitQueue.class, FolderRecords.class })
class DriftIntegrationTests {

	private static final Placement PLACEMENT = new Placement("shared-eu-west", GitOpsController.ARGO_CD, "argocd",
			"odoo-finance-erp");

	private static final CommitLoopSettings SETTINGS = new CommitLoopSettings(200, Duration.ofMillis(100),
			Duration.ofMillis(200), Duration.ofSeconds(1));

	private static final String FOLDER = "environments/finance/erp";

	@Autowired
	CommitQueue queue;

	@Autowired
	FolderRecords folders;

	@Autowired
	PublishedEvents events;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Clock clock;

	@TempDir
	Path data;

	private GitOpsRepository repository;

	private CommitLoop loop;

	private DriftCheck check;

	private DriftDecisions decisions;

	@BeforeEach
	void writer() throws Exception {
		this.jdbc.sql("delete from gitops_change").update();
		this.jdbc.sql("delete from gitops_folder").update();
		this.events.clear();
		use(new GitOpsRepository(properties(null), this.clock));
	}

	private void use(GitOpsRepository repository) {
		this.repository = repository;
		this.loop = new CommitLoop(this.queue, this.folders, repository, new HeldLease(), SETTINGS, this.clock);
		this.check = new DriftCheck(repository, this.folders, this.queue, this.loop, this.clock);
		this.decisions = new DriftDecisions(this.folders, this.queue, this.loop);
	}

	@AfterEach
	void close() {
		this.repository.close();
	}

	@Test
	void aChangeWaitsForADecisionWhenItsFolderWasEditedByHandAndOthersGoOn() throws Exception {
		write(UUID.randomUUID(), FOLDER, deployment(1, "odoo:17.0"));
		String edit = handEdit(this.data.resolve("gitops.git"), FOLDER + "/deployment.yaml",
				deployment(1, "odoo:17.0").replace("memory: 2Gi", "memory: 8Gi"));

		UUID waiting = UUID.randomUUID();
		UUID elsewhere = UUID.randomUUID();
		enqueue(waiting, FOLDER, deployment(2, "odoo:17.0"));
		enqueue(elsewhere, "environments/finance/crm", deployment(1, "odoo:17.0"));
		this.loop.drain();

		// the other folder's change went on; this one waits, and the edit is untouched
		assertThat(this.events.of(ManifestsCommitted.class)).extracting(ManifestsCommitted::requestId)
			.endsWith(elsewhere)
			.doesNotContain(waiting);
		assertThat(file(FOLDER + "/deployment.yaml")).contains("memory: 8Gi").contains("replicas: 1");
		assertThat(Git.run(bare(), "log", "--format=%H", "-2", "main")).contains(edit);
		assertThat(this.events.of(ManifestCommitDelayed.class)).singleElement().satisfies((delay) -> {
			assertThat(delay.requestId()).isEqualTo(waiting);
			assertThat(delay.nextAttemptAt()).isNull();
			assertThat(delay.reason()).contains("environments/finance/erp was edited outside Haven");
		});
		assertThat(this.events.of(DriftDetected.class)).singleElement().satisfies((drift) -> {
			assertThat(drift.team()).isEqualTo("finance");
			assertThat(drift.environment()).isEqualTo("erp");
			assertThat(drift.waitingRequest()).isEqualTo(waiting);
			assertThat(drift.conflict()).isFalse();
			assertThat(drift.diff()).contains("--- a/environments/finance/erp/deployment.yaml")
				.contains("-              memory: 2Gi")
				.contains("+              memory: 8Gi");
		});
		// held: not due, and a later pass leaves it alone
		assertThat(this.queue.due(10)).isEmpty();
		this.loop.drain();
		assertThat(this.events.of(ManifestCommitDelayed.class)).hasSize(1);
		// the check knows it already
		assertThat(this.check.check().drifted()).isZero();
	}

	@Test
	void anAcceptedEditSurvivesTheWaitingChangeAndTheChangesAfterIt() throws Exception {
		write(UUID.randomUUID(), FOLDER, deployment(1, "odoo:17.0"));
		handEdit(this.data.resolve("gitops.git"), FOLDER + "/deployment.yaml",
				deployment(1, "odoo:17.0").replace("memory: 2Gi", "memory: 8Gi"));
		UUID waiting = UUID.randomUUID();
		enqueue(waiting, FOLDER, deployment(2, "odoo:17.0"));
		this.loop.drain();

		decide(DriftDecision.ACCEPT);
		this.loop.drain();
		assertThat(this.events.of(ManifestsCommitted.class)).extracting(ManifestsCommitted::requestId)
			.contains(waiting);
		// the change's line and the edit's line, both
		assertThat(file(FOLDER + "/deployment.yaml")).contains("replicas: 2").contains("memory: 8Gi");

		UUID later = UUID.randomUUID();
		enqueue(later, FOLDER, deployment(3, "odoo:17.0-20261101"));
		this.loop.drain();
		assertThat(file(FOLDER + "/deployment.yaml")).contains("replicas: 3")
			.contains("image: odoo:17.0-20261101")
			.contains("memory: 8Gi");
		assertThat(this.check.check()).isEqualTo(new DriftCheck.Report(1, 0, 0));
		assertThat(this.events.of(DriftDetected.class)).hasSize(1);
	}

	@Test
	void aDiscardedEditIsWrittenOverByTheWaitingChange() throws Exception {
		write(UUID.randomUUID(), FOLDER, deployment(1, "odoo:17.0"));
		handEdit(this.data.resolve("gitops.git"), FOLDER + "/deployment.yaml",
				deployment(1, "odoo:17.0").replace("memory: 2Gi", "memory: 8Gi"));
		UUID waiting = UUID.randomUUID();
		enqueue(waiting, FOLDER, deployment(2, "odoo:17.0"));
		this.loop.drain();

		decide(DriftDecision.DISCARD);
		this.loop.drain();
		assertThat(file(FOLDER + "/deployment.yaml")).isEqualTo(deployment(2, "odoo:17.0"));
		assertThat(this.events.of(FolderRestored.class)).isEmpty();
		assertThat(this.check.check()).isEqualTo(new DriftCheck.Report(1, 0, 0));
	}

	@Test
	void theCheckFindsAnEditPushedToTheRemoteAndADiscardWritesBackWhatThePortalWrote() throws Exception {
		Path served = Files.createDirectories(this.data.resolve("served"));
		Git.run(served, "init", "-q", "--bare", "--initial-branch=main", "gitops.git");
		try (GitDaemon daemon = new GitDaemon(served)) {
			this.repository.close();
			use(new GitOpsRepository(properties(daemon.url("gitops.git")), this.clock));
			write(UUID.randomUUID(), FOLDER, deployment(1, "odoo:17.0"));
			String written = file(FOLDER + "/deployment.yaml");
			// someone deletes a file and adds one, on the remote
			Path clone = clone(daemon.path("gitops.git"));
			Git.run(clone, "rm", "-q", FOLDER + "/deployment.yaml");
			Files.writeString(clone.resolve(FOLDER + "/debug.yaml"), "kind: ConfigMap\n");
			Git.run(clone, "add", "-A");
			commitAndPush(clone, "Debug by hand");

			DriftCheck.Report report = this.check.check();
			assertThat(report).isEqualTo(new DriftCheck.Report(1, 1, 0));
			assertThat(this.events.of(DriftDetected.class)).singleElement().satisfies((drift) -> {
				assertThat(drift.waitingRequest()).isNull();
				assertThat(drift.diff()).contains("deleted file mode")
					.contains("+++ b/environments/finance/erp/debug.yaml");
			});
			// checked again: nothing new
			assertThat(this.check.check()).isEqualTo(new DriftCheck.Report(1, 0, 0));
			assertThat(this.events.of(DriftDetected.class)).hasSize(1);

			decide(DriftDecision.DISCARD);
			this.loop.drain();
			FolderRestored restored = this.events.of(FolderRestored.class).get(0);
			assertThat(restored.team()).isEqualTo("finance");
			assertThat(restored.environment()).isEqualTo("erp");
			assertThat(Git.run(daemon.path("gitops.git"), "rev-parse", "main")).isEqualTo(restored.commitSha());
			assertThat(Git.run(daemon.path("gitops.git"), "ls-tree", "-r", "--name-only", "main", FOLDER))
				.isEqualTo(FOLDER + "/deployment.yaml\n" + FOLDER + "/kustomization.yaml");
			assertThat(Git.run(daemon.path("gitops.git"), "show", "main:" + FOLDER + "/deployment.yaml"))
				.isEqualTo(written.strip());
			assertThat(Git.run(daemon.path("gitops.git"), "log", "-1", "--format=%B", "main"))
				.contains("Restore finance/erp: discard a hand edit")
				.contains("admin discarded the edit: not approved by the CAB")
				.containsPattern("Haven-Restore: [0-9a-f-]{36}")
				.contains("Discarded-by: admin");
			assertThat(this.events.of(ManifestsCommitted.class)).hasSize(1);
			assertThat(this.check.check()).isEqualTo(new DriftCheck.Report(1, 0, 0));

			// the decision delivered again changes nothing
			decide(DriftDecision.DISCARD);
			this.loop.drain();
			assertThat(this.events.of(FolderRestored.class)).hasSize(1);
		}
	}

	@Test
	void aChangeThatConflictsWithAnAcceptedEditWaitsUntilTheEditIsDiscarded() throws Exception {
		write(UUID.randomUUID(), FOLDER, deployment(1, "odoo:17.0"));
		handEdit(this.data.resolve("gitops.git"), FOLDER + "/deployment.yaml", deployment(5, "odoo:17.0"));
		assertThat(this.check.check().drifted()).isOne();
		decide(DriftDecision.ACCEPT);
		assertThat(this.check.check()).isEqualTo(new DriftCheck.Report(1, 0, 0));

		UUID conflicting = UUID.randomUUID();
		enqueue(conflicting, FOLDER, deployment(2, "odoo:17.0"));
		this.loop.drain();
		assertThat(this.events.of(ManifestsCommitted.class)).extracting(ManifestsCommitted::requestId)
			.doesNotContain(conflicting);
		assertThat(file(FOLDER + "/deployment.yaml")).contains("replicas: 5");
		assertThat(this.events.of(DriftDetected.class)).last().satisfies((drift) -> {
			assertThat(drift.conflict()).isTrue();
			assertThat(drift.waitingRequest()).isEqualTo(conflicting);
			assertThat(drift.reason()).contains("touch the same lines of [deployment.yaml]");
			assertThat(drift.diff()).contains("-  replicas: 1").contains("+  replicas: 5");
		});
		// the accepted edit is what the folder holds: the check leaves the conflict shown
		assertThat(this.check.check()).isEqualTo(new DriftCheck.Report(1, 0, 0));
		assertThat(this.events.of(DriftResolved.class)).isEmpty();

		decide(DriftDecision.DISCARD);
		this.loop.drain();
		assertThat(file(FOLDER + "/deployment.yaml")).isEqualTo(deployment(2, "odoo:17.0"));
		assertThat(this.check.check()).isEqualTo(new DriftCheck.Report(1, 0, 0));
	}

	@Test
	void anEditPutBackByHandClearsTheDriftAndTheWaitingChangeGoesOn() throws Exception {
		write(UUID.randomUUID(), FOLDER, deployment(1, "odoo:17.0"));
		handEdit(this.data.resolve("gitops.git"), FOLDER + "/deployment.yaml",
				deployment(1, "odoo:17.0").replace("memory: 2Gi", "memory: 8Gi"));
		UUID waiting = UUID.randomUUID();
		enqueue(waiting, FOLDER, deployment(2, "odoo:17.0"));
		this.loop.drain();
		handEdit(this.data.resolve("gitops.git"), FOLDER + "/deployment.yaml", deployment(1, "odoo:17.0"));

		assertThat(this.check.check()).isEqualTo(new DriftCheck.Report(1, 0, 1));
		assertThat(this.events.of(DriftResolved.class)).singleElement()
			.extracting(DriftResolved::environment)
			.isEqualTo("erp");
		this.loop.drain();
		assertThat(this.events.of(ManifestsCommitted.class)).extracting(ManifestsCommitted::requestId)
			.contains(waiting);
		assertThat(file(FOLDER + "/deployment.yaml")).isEqualTo(deployment(2, "odoo:17.0"));
	}

	@Test
	void aFolderWrittenBeforeDriftWasTrackedIsAdoptedAtWhatThePortalLastWroteThere() throws Exception {
		write(UUID.randomUUID(), FOLDER, deployment(1, "odoo:17.0"));
		// a portal from before drift was tracked kept no record of its folders
		this.jdbc.sql("delete from gitops_folder").update();
		handEdit(this.data.resolve("gitops.git"), FOLDER + "/deployment.yaml", deployment(4, "odoo:17.0"));

		assertThat(this.check.check()).isEqualTo(new DriftCheck.Report(1, 1, 0));
		assertThat(this.events.of(DriftDetected.class)).singleElement()
			.satisfies((drift) -> assertThat(drift.diff()).contains("-  replicas: 1").contains("+  replicas: 4"));
	}

	private void write(UUID id, String folder, String deployment) {
		enqueue(id, folder, deployment);
		this.loop.drain();
		assertThat(this.events.of(ManifestsCommitted.class)).extracting(ManifestsCommitted::requestId).contains(id);
	}

	private void enqueue(UUID id, String folder, String deployment) {
		String environment = folder.substring(folder.lastIndexOf('/') + 1);
		this.queue.enqueue(id, folder,
				Map.of(folder + "/deployment.yaml", deployment, folder + "/kustomization.yaml",
						"resources:\n- deployment.yaml\n", "clusters/shared-eu-west/finance-" + environment + ".yaml",
						"kind: Application\n"),
				"Change " + folder + "\n\nHaven-Request: " + id + "\n", PLACEMENT);
	}

	private void decide(DriftDecision decision) {
		DriftDecided decided = new DriftDecided("finance", "erp", FOLDER, decision, "admin", "not approved by the CAB",
				Instant.now());
		this.transactions.executeWithoutResult((status) -> this.decisions.on(decided));
	}

	private static String deployment(int replicas, String image) {
		return """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: odoo
				spec:
				  replicas: %d
				  template:
				    spec:
				      containers:
				        - name: odoo
				          image: %s
				          resources:
				            limits:
				              memory: 2Gi
				""".formatted(replicas, image);
	}

	private String file(String path) throws Exception {
		Path repository = this.repository.hasRemote() ? this.data.resolve("served/gitops.git") : bare();
		return Git.run(repository, "show", "main:" + path) + "\n";
	}

	private Path bare() {
		return this.data.resolve("gitops.git");
	}

	/**
	 * A person's edit with C git: clone, change one file, commit, push.
	 * @return the commit
	 */
	private String handEdit(Path repository, String path, String content) throws Exception {
		Path clone = clone(repository);
		Files.writeString(clone.resolve(path), content);
		Git.run(clone, "add", "-A");
		return commitAndPush(clone, "Edit " + path + " by hand");
	}

	private Path clone(Path repository) throws Exception {
		Path clone = Files.createTempDirectory(this.data, "clone");
		Git.run(clone, "clone", "-q", repository.toString(), ".");
		return clone;
	}

	private static String commitAndPush(Path clone, String message) throws Exception {
		Git.run(clone, "-c", "user.name=Night Shift", "-c", "user.email=oncall@hospital.example", "commit", "-q", "-m",
				message);
		Git.run(clone, "push", "-q", "origin", "HEAD:main");
		return Git.run(clone, "rev-parse", "HEAD");
	}

	private GitOpsProperties properties(String url) {
		return new GitOpsProperties(url, this.data.resolve("gitops.git"), this.data.resolve("mirror.git"), "main", null,
				"Haven", "haven@haven.example", null, null, null);
	}

}
