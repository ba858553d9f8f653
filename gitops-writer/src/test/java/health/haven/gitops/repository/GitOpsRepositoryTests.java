package health.haven.gitops.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.errors.CancelledException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import health.haven.gitops.ApprovedRequests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GitOpsRepositoryTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

	private static final String FOLDER = "environments/finance/erp";

	@TempDir
	Path data;

	@Test
	void commitsOneRequestWithItsTrailersIntoABareRepository() throws Exception {
		UUID id = UUID.randomUUID();
		try (GitOpsRepository repository = local()) {
			Batch.Built built = write(repository, change(id, "replicas: 2")).get(0);
			assertThat(built.created()).isTrue();
			RevCommit commit = head(repository.repository());
			assertThat(commit.name()).isEqualTo(built.sha());
			assertThat(commit.getFooterLines("Haven-Request")).containsExactly(id.toString());
			assertThat(commit.getFooterLines("Ticket")).containsExactly("servicenow CHG0031337");
			assertThat(commit.getFooterLines("Requested-by")).containsExactly("alice via ticketing-demo");
			assertThat(commit.getFooterLines("Approved-by")).containsExactly("bob (APPROVER)");
			assertThat(files(repository.repository(), commit)).containsOnlyKeys(FOLDER + "/deployment.yaml",
					"clusters/shared-eu-west/finance-erp.yaml");
			assertThat(repository.repository().isBare()).isTrue();
		}
		// C git reads the same trailers
		assertThat(Git.run(this.data.resolve("gitops.git"), "log", "-1",
				"--format=%(trailers:key=Haven-Request,valueonly)"))
			.isEqualTo(id.toString());
	}

	@Test
	void buildsOneCommitPerChangeOnTheOneBeforeAndPublishesThemTogether() throws Exception {
		List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		try (GitOpsRepository repository = local()) {
			List<Batch.Built> built = write(repository, change(ids.get(0), "replicas: 2", "environments/finance/a"),
					change(ids.get(1), "replicas: 2", "environments/finance/b"),
					// the same content as the one before: the branch holds it, no commit
					change(ids.get(2), "replicas: 2", "environments/finance/b"),
					change(ids.get(3), "replicas: 3", "environments/finance/a"));
			assertThat(built).extracting(Batch.Built::created).containsExactly(true, true, false, true);
			assertThat(built.get(2).sha()).isEqualTo(built.get(1).sha());
			List<RevCommit> history = history(repository.repository());
			assertThat(history).extracting(RevCommit::name)
				.containsExactly(built.get(3).sha(), built.get(1).sha(), built.get(0).sha());
			assertThat(history).extracting((commit) -> commit.getFooterLines("Haven-Request").get(0))
				.containsExactly(ids.get(3).toString(), ids.get(1).toString(), ids.get(0).toString());
			assertThat(files(repository.repository(), history.get(0)))
				.containsEntry("environments/finance/a/deployment.yaml", "replicas: 3")
				.containsEntry("environments/finance/b/deployment.yaml", "replicas: 2");
		}
	}

	@Test
	void findsACommitByItsTrailerOnlyAmongCommitsSinceAGivenTime() throws Exception {
		UUID id = UUID.randomUUID();
		try (GitOpsRepository repository = local()) {
			String sha = write(repository, change(id, "replicas: 2")).get(0).sha();
			write(repository, change(UUID.randomUUID(), "replicas: 3"));
			ObjectId head = repository.head();
			assertThat(repository.findCommitOf(head, id, CLOCK.instant().minusSeconds(60))).contains(sha);
			assertThat(repository.findCommitOf(head, UUID.randomUUID(), CLOCK.instant().minusSeconds(60))).isEmpty();
			// the commit is older than the bound: not looked at
			assertThat(repository.findCommitOf(head, id, CLOCK.instant().plusSeconds(60))).isEmpty();
		}
	}

	@Test
	void tellsWhetherTheBranchHoldsACommit() throws Exception {
		try (GitOpsRepository repository = local()) {
			String first = write(repository, change(UUID.randomUUID(), "replicas: 2")).get(0).sha();
			ObjectId head = repository.head();
			Batch unpublished = repository.build(head, List.of(change(UUID.randomUUID(), "replicas: 3")));
			assertThat(repository.contains(head, first)).isTrue();
			assertThat(repository.contains(head, unpublished.tip().name())).isFalse();
			assertThat(repository.contains(head, "0123456789012345678901234567890123456789")).isFalse();
		}
	}

	@Test
	void anUnchangedTreeMakesNoCommit() throws Exception {
		try (GitOpsRepository repository = local()) {
			String first = write(repository, change(UUID.randomUUID(), "replicas: 2")).get(0).sha();
			Batch.Built same = write(repository, change(UUID.randomUUID(), "replicas: 2")).get(0);
			assertThat(same.created()).isFalse();
			assertThat(same.sha()).isEqualTo(first);
			assertThat(history(repository.repository())).hasSize(1);
		}
	}

	@Test
	void replacesTheEnvironmentsFolderAndTouchesNothingElse() throws Exception {
		try (GitOpsRepository repository = local()) {
			write(repository,
					new RepositoryChange(UUID.randomUUID(), FOLDER,
							Map.of(FOLDER + "/deployment.yaml", bytes("a: 1"), FOLDER + "/old.yaml", bytes("b: 1"),
									"environments/finance/other/deployment.yaml", bytes("c: 1")),
							"first\n\nHaven-Request: x\n"));
			write(repository, change(UUID.randomUUID(), "replicas: 3"));
			Map<String, String> files = files(repository.repository(), head(repository.repository()));
			assertThat(files).doesNotContainKey(FOLDER + "/old.yaml")
				.containsEntry(FOLDER + "/deployment.yaml", "replicas: 3")
				.containsEntry("environments/finance/other/deployment.yaml", "c: 1");
		}
	}

	@Test
	void refusesEveryPathOutsideTheFoldersItOwns() {
		for (String path : new String[] { "../etc/passwd.yaml", "environments/finance/../../x.yaml",
				"environments/finance/erp/../../../x.yaml", "clusters/a/b.yml", "environments/Finance/erp/a.yaml",
				".git/config.yaml", "environments/finance/erp/.hidden.yaml", "/etc/x.yaml",
				"environments/finance/erp/a\nb.yaml" }) {
			assertThatExceptionOfType(PathRefusedException.class).as(path)
				.isThrownBy(() -> new RepositoryChange(UUID.randomUUID(), FOLDER, Map.of(path, bytes("x")), "m"));
		}
		assertThatExceptionOfType(PathRefusedException.class)
			.isThrownBy(() -> new RepositoryChange(UUID.randomUUID(), "environments/finance", Map.of(), "m"));
		assertThatExceptionOfType(PathRefusedException.class)
			.isThrownBy(() -> new RepositoryChange(UUID.randomUUID(), "clusters/x/y", Map.of(), "m"));
	}

	@Test
	void pushesToARealGitServer() throws Exception {
		Path served = Files.createDirectories(this.data.resolve("served"));
		Git.run(served, "init", "--bare", "--initial-branch=main", "gitops.git");
		try (GitDaemon daemon = new GitDaemon(served); GitOpsRepository repository = remote(daemon.url("gitops.git"))) {
			List<Batch.Built> built = write(repository, change(UUID.randomUUID(), "replicas: 2"),
					change(UUID.randomUUID(), "replicas: 3"));
			assertThat(Git.run(daemon.path("gitops.git"), "rev-parse", "main")).isEqualTo(built.get(1).sha());
			assertThat(Git.run(daemon.path("gitops.git"), "rev-list", "--count", "main")).isEqualTo("2");
		}
	}

	@Test
	void refusesToPublishOnABranchAnotherWriterMovedAndBuildsAgainOnItsHead() throws Exception {
		Path served = Files.createDirectories(this.data.resolve("served"));
		Git.run(served, "init", "--bare", "--initial-branch=main", "gitops.git");
		try (GitDaemon daemon = new GitDaemon(served); GitOpsRepository repository = remote(daemon.url("gitops.git"))) {
			ObjectId head = repository.refresh();
			Batch batch = repository.build(head, List.of(change(UUID.randomUUID(), "replicas: 2")));
			// another writer pushes right before our push
			pushElsewhere(daemon.url("gitops.git"));
			assertThat(repository.publish(batch)).isFalse();
			List<Batch.Built> built = write(repository, change(UUID.randomUUID(), "replicas: 2"));
			String log = Git.run(daemon.path("gitops.git"), "log", "--format=%s", "main");
			assertThat(log.lines()).containsExactly("Create finance/erp (prod, eu-west)", "someone else");
			assertThat(Git.run(daemon.path("gitops.git"), "rev-parse", "main")).isEqualTo(built.get(0).sha());
		}
	}

	@Test
	void saysWhenTheRemoteCannotBeReached() throws Exception {
		try (GitOpsRepository repository = remote("git://127.0.0.1:9/gitops.git")) {
			assertThatExceptionOfType(GitOpsWriteException.class).isThrownBy(repository::refresh)
				.withMessageContaining("Could not fetch from the GitOps remote");
		}
	}

	@Test
	void commitsAfterAPortalWasKilledWhileMovingTheBranch() throws Exception {
		try (GitOpsRepository repository = local()) {
			write(repository, change(UUID.randomUUID(), "replicas: 2"));
		}
		// what a SIGKILL between JGit's lock and rename leaves behind
		Path lock = this.data.resolve("gitops.git/refs/heads/main.lock");
		Files.writeString(lock, "0000000000000000000000000000000000000000\n");
		try (GitOpsRepository repository = local()) {
			assertThat(lock).doesNotExist();
			assertThat(write(repository, change(UUID.randomUUID(), "replicas: 3")).get(0).created()).isTrue();
			assertThat(history(repository.repository())).hasSize(2);
		}
	}

	/**
	 * The preview of a change: the diff from what the branch holds to the change's files,
	 * a file the folder loses shown removed, an unchanged file left out; nothing written.
	 */
	@Test
	void showsTheDiffOfAChangeAgainstTheBranchWithoutWritingIt() throws Exception {
		try (GitOpsRepository repository = local()) {
			RepositoryChange first = new RepositoryChange(UUID.randomUUID(), FOLDER,
					Map.of(FOLDER + "/deployment.yaml", bytes("replicas: 2\nimage: odoo\n"), FOLDER + "/debug.yaml",
							bytes("kind: ConfigMap\n"), "clusters/shared-eu-west/finance-erp.yaml",
							bytes("kind: Application\n")),
					CommitMessage.of(ApprovedRequests.prod(UUID.randomUUID())));
			write(repository, first);
			ObjectId head = repository.head();
			String diff = repository
				.diffAgainstHead(
						Map.of(FOLDER + "/deployment.yaml", bytes("replicas: 3\nimage: odoo\n"),
								"clusters/shared-eu-west/finance-erp.yaml", bytes("kind: Application\n")),
						FOLDER, 10_000);
			assertThat(diff).contains("--- a/" + FOLDER + "/deployment.yaml\n+++ b/" + FOLDER + "/deployment.yaml")
				.contains("-replicas: 2")
				.contains("+replicas: 3")
				.contains("--- a/" + FOLDER + "/debug.yaml\n+++ /dev/null")
				.doesNotContain("finance-erp.yaml");
			assertThat(repository.head()).isEqualTo(head);
		}
	}

	/**
	 * A repository that holds many objects already keeps its large pack as it is: the
	 * passes' small packs are combined into one, and the repository stays whole.
	 */
	@Test
	void combinesTheSmallPacksAndLeavesTheLargestAsItIs() throws Exception {
		try (GitOpsRepository repository = local()) {
			List<RepositoryChange> many = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				many.add(change(UUID.randomUUID(), "replicas: " + i, FOLDER + "-" + i));
			}
			write(repository, many.toArray(RepositoryChange[]::new));
			List<Path> large = packs();
			writeOnePerPass(repository, FOLDER);
			assertThat(packs()).hasSizeGreaterThanOrEqualTo(50).containsAll(large);
			repository.repackIfNeeded().orElseThrow().get();
			assertThat(packs()).hasSize(2).containsAll(large);
			assertThat(repository.repackIfNeeded()).isEmpty();
			write(repository, change(UUID.randomUUID(), "replicas: 99", FOLDER + "x"));
			assertThat(history(repository.repository())).hasSize(556);
			// the replaced packs' indexes stay until the next compaction
			List<Path> withoutPacks = indexesWithoutPacks();
			assertThat(withoutPacks).hasSize(55);
			writeOnePerPass(repository, FOLDER + "y");
			repository.repackIfNeeded().orElseThrow().get();
			assertThat(indexesWithoutPacks()).doesNotContainAnyElementsOf(withoutPacks);
			assertThat(files(repository.repository(), head(repository.repository())))
				.containsEntry(FOLDER + "x/deployment.yaml", "replicas: 99")
				.containsEntry(FOLDER + "7/deployment.yaml", "replicas: 7")
				.containsEntry(FOLDER + "-7/deployment.yaml", "replicas: 7")
				.containsEntry(FOLDER + "y7/deployment.yaml", "replicas: 7");
		}
		assertWhole();
	}

	/**
	 * Each pass writes a pack of its own; once many packs of about the same size have
	 * gathered, one full repack leaves a few, and the next pass does not repack again
	 * (JGit's default keeps replaced packs for an hour, which made every pass under
	 * steady load repack the whole repository).
	 */
	@Test
	void repacksOnceManyPacksHaveGatheredAndNotAgainOnTheNextPass() throws Exception {
		try (GitOpsRepository repository = local()) {
			writeOnePerPass(repository, FOLDER);
			assertThat(packs()).hasSizeGreaterThanOrEqualTo(50);
			repository.repackIfNeeded().orElseThrow().get();
			assertThat(packs()).hasSizeLessThanOrEqualTo(3);
			write(repository, change(UUID.randomUUID(), "replicas: 99", FOLDER + "x"));
			assertThat(repository.repackIfNeeded()).isEmpty();
			// every commit is still there, readable from the new pack
			assertThat(history(repository.repository())).hasSize(56);
			assertThat(files(repository.repository(), head(repository.repository())))
				.containsEntry(FOLDER + "x/deployment.yaml", "replicas: 99");
		}
		assertWhole();
	}

	/**
	 * A compaction runs beside the writer's next passes: the passes written after it was
	 * decided, and those written while JGit's repack walks the refs it read before they
	 * landed, keep their packs, and the repository stays whole.
	 */
	@Test
	void keepsThePassesWrittenWhileItRepacks() throws Exception {
		try (GitOpsRepository repository = local()) {
			writeOnePerPass(repository, FOLDER);
			List<Path> decidedOn = packs();
			PackCompaction repack = PackCompaction.due((FileRepository) repository.repository()).orElseThrow();
			write(repository, change(UUID.randomUUID(), "replicas: before", FOLDER + "-before"));
			AtomicInteger during = new AtomicInteger();
			repack.run(() -> {
				// asked first once the repack has read the refs
				if (during.getAndIncrement() == 0) {
					try {
						write(repository, change(UUID.randomUUID(), "replicas: during", FOLDER + "-during"));
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
				return false;
			});
			assertThat(during.get()).isGreaterThan(1);
			assertThat(packs()).doesNotContainAnyElementsOf(decidedOn).hasSizeLessThanOrEqualTo(4);
			assertThat(history(repository.repository())).hasSize(57);
			assertThat(files(repository.repository(), head(repository.repository())))
				.containsEntry(FOLDER + "-before/deployment.yaml", "replicas: before")
				.containsEntry(FOLDER + "-during/deployment.yaml", "replicas: during")
				.containsEntry(FOLDER + "7/deployment.yaml", "replicas: 7");
		}
		assertWhole();
	}

	/**
	 * A pass that never landed leaves objects no ref reaches. A later pass writing the
	 * same content (its retry) finds them and does not write them again: a full repack
	 * running meanwhile must not take them from under it.
	 */
	@Test
	void keepsWhatAPassThatNeverLandedWroteForTheOneThatFindsIt() throws Exception {
		try (GitOpsRepository repository = local()) {
			writeOnePerPass(repository, FOLDER);
			RepositoryChange retried = change(UUID.randomUUID(), "replicas: retried", FOLDER + "-retried");
			// built, never published
			repository.build(repository.refresh(), List.of(retried));
			PackCompaction repack = PackCompaction.due((FileRepository) repository.repository()).orElseThrow();
			AtomicInteger asked = new AtomicInteger();
			repack.run(() -> {
				// once the repack has read the refs: the retry, the same commit to the
				// object
				if (asked.getAndIncrement() == 0) {
					try {
						write(repository, retried);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
				return false;
			});
			assertThat(history(repository.repository())).hasSize(56);
			assertThat(files(repository.repository(), head(repository.repository())))
				.containsEntry(FOLDER + "-retried/deployment.yaml", "replicas: retried");
		}
		assertWhole();
	}

	/**
	 * A compaction stopped midway (the portal closing) removes none of the packs it was
	 * to replace.
	 */
	@Test
	void aStoppedCompactionLeavesThePacksItWasToReplace() throws Exception {
		try (GitOpsRepository repository = local()) {
			writeOnePerPass(repository, FOLDER);
			List<Path> decidedOn = packs();
			PackCompaction repack = PackCompaction.due((FileRepository) repository.repository()).orElseThrow();
			assertThatExceptionOfType(CancelledException.class).isThrownBy(() -> repack.run(() -> true));
			assertThat(packs()).containsAll(decidedOn);
			assertThat(history(repository.repository())).hasSize(55);
		}
		assertWhole();
	}

	/**
	 * Fifty-five passes of one change each (environments {@code prefix0} to
	 * {@code prefix54}): as many small packs.
	 */
	private static void writeOnePerPass(GitOpsRepository repository, String prefix) throws IOException {
		for (int i = 0; i < 55; i++) {
			write(repository, change(UUID.randomUUID(), "replicas: " + i, prefix + i));
		}
	}

	/**
	 * C git finds every object of the repository and each of them well formed.
	 */
	private void assertWhole() throws Exception {
		assertThat(Git.run(this.data.resolve("gitops.git"), "fsck", "--no-progress", "--strict")).isEmpty();
	}

	private List<Path> indexesWithoutPacks() throws IOException {
		try (var files = Files.list(this.data.resolve("gitops.git/objects/pack"))) {
			return files.filter((file) -> file.toString().endsWith(".idx"))
				.filter((index) -> !Files.exists(Path.of(index.toString().replace(".idx", ".pack"))))
				.toList();
		}
	}

	private List<Path> packs() throws IOException {
		try (var files = Files.list(this.data.resolve("gitops.git/objects/pack"))) {
			return files.filter((file) -> file.toString().endsWith(".pack")).toList();
		}
	}

	/**
	 * Commits the changes as the commit loop does: on the current head, published
	 * together.
	 */
	private static List<Batch.Built> write(GitOpsRepository repository, RepositoryChange... changes)
			throws IOException {
		Batch batch = repository.build(repository.refresh(), List.of(changes));
		assertThat(repository.publish(batch)).isTrue();
		return batch.commits();
	}

	private void pushElsewhere(String url) {
		try {
			Path clone = this.data.resolve("other");
			Git.run(this.data, "clone", "-q", url, clone.toString());
			Files.writeString(clone.resolve("README.md"), "platform team notes\n");
			Git.run(clone, "add", "README.md");
			Git.run(clone, "-c", "user.name=Other", "-c", "user.email=other@example.org", "commit", "-qm",
					"someone else");
			Git.run(clone, "push", "-q", "origin", "HEAD:main");
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private GitOpsRepository local() throws IOException {
		return new GitOpsRepository(properties(null), CLOCK);
	}

	private GitOpsRepository remote(String url) throws IOException {
		return new GitOpsRepository(properties(url), CLOCK);
	}

	private GitOpsProperties properties(String url) {
		return new GitOpsProperties(url, this.data.resolve("gitops.git"), this.data.resolve("mirror.git"), "main", null,
				"Haven", "haven@haven.example", null, null, null);
	}

	private static RepositoryChange change(UUID id, String deployment) {
		return change(id, deployment, FOLDER);
	}

	private static RepositoryChange change(UUID id, String deployment, String folder) {
		var request = ApprovedRequests.approved(id, "odoo-dedicated", "finance", "erp", "prod",
				ApprovedRequests.prod(id).parameters(), ApprovedRequests.prod(id).ticket(), List.of("bob (APPROVER)"));
		String environment = folder.substring(folder.lastIndexOf('/') + 1);
		return new RepositoryChange(id, folder,
				Map.of(folder + "/deployment.yaml", bytes(deployment),
						"clusters/shared-eu-west/finance-" + environment + ".yaml", bytes("kind: Application")),
				CommitMessage.of(request));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static RevCommit head(Repository repository) throws IOException {
		try (RevWalk walk = new RevWalk(repository)) {
			return walk.parseCommit(repository.resolve("refs/heads/main"));
		}
	}

	private static List<RevCommit> history(Repository repository) throws IOException {
		List<RevCommit> commits = new ArrayList<>();
		try (RevWalk walk = new RevWalk(repository)) {
			walk.markStart(walk.parseCommit(repository.resolve("refs/heads/main")));
			walk.forEach(commits::add);
		}
		return commits;
	}

	private static Map<String, String> files(Repository repository, RevCommit commit) throws IOException {
		Map<String, String> files = new TreeMap<>();
		try (TreeWalk walk = new TreeWalk(repository)) {
			walk.addTree(commit.getTree());
			walk.setRecursive(true);
			while (walk.next()) {
				files.put(walk.getPathString(),
						new String(repository.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
			}
		}
		return files;
	}

}
