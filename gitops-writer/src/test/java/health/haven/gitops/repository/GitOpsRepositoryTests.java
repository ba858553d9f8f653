package health.haven.gitops.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
			CommitResult result = repository.write(change(id, "replicas: 2"));
			assertThat(result.created()).isTrue();
			RevCommit commit = head(repository.repository());
			assertThat(commit.name()).isEqualTo(result.sha());
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
	void commitsAfterAPortalWasKilledWhileMovingTheBranch() throws Exception {
		try (GitOpsRepository repository = local()) {
			repository.write(change(UUID.randomUUID(), "replicas: 2"));
		}
		// what a SIGKILL between JGit's lock and rename leaves behind
		Path lock = this.data.resolve("gitops.git/refs/heads/main.lock");
		Files.writeString(lock, "0000000000000000000000000000000000000000\n");
		try (GitOpsRepository repository = local()) {
			assertThat(lock).doesNotExist();
			assertThat(repository.write(change(UUID.randomUUID(), "replicas: 3")).created()).isTrue();
			assertThat(commitCount(repository.repository())).isEqualTo(2);
		}
	}

	@Test
	void aRedeliveredRequestFindsItsCommitAndMakesNoSecond() throws Exception {
		UUID id = UUID.randomUUID();
		try (GitOpsRepository repository = local()) {
			CommitResult first = repository.write(change(id, "replicas: 2"));
			repository.write(change(UUID.randomUUID(), "replicas: 3"));
			CommitResult again = repository.write(change(id, "replicas: 2"));
			assertThat(again.sha()).isEqualTo(first.sha());
			assertThat(again.created()).isFalse();
			assertThat(commitCount(repository.repository())).isEqualTo(2);
		}
	}

	@Test
	void looksForAnEarlierDeliveryOnlyAmongCommitsSinceTheApproval() throws Exception {
		UUID id = UUID.randomUUID();
		try (GitOpsRepository repository = local()) {
			CommitResult first = repository.write(change(id, "replicas: 2"));
			// approved a day after that commit: the commit cannot be this request's, so
			// it is not
			// searched
			RepositoryChange later = change(id, "replicas: 3");
			CommitResult second = repository.write(new RepositoryChange(id, later.ownedFolder(), later.files(),
					later.message(), CLOCK.instant().plus(Duration.ofDays(2))));
			assertThat(second.created()).isTrue();
			assertThat(second.sha()).isNotEqualTo(first.sha());
		}
	}

	@Test
	void anUnchangedTreeMakesNoCommit() throws Exception {
		try (GitOpsRepository repository = local()) {
			CommitResult first = repository.write(change(UUID.randomUUID(), "replicas: 2"));
			CommitResult same = repository.write(change(UUID.randomUUID(), "replicas: 2"));
			assertThat(same.created()).isFalse();
			assertThat(same.sha()).isEqualTo(first.sha());
			assertThat(commitCount(repository.repository())).isEqualTo(1);
		}
	}

	@Test
	void replacesTheEnvironmentsFolderAndTouchesNothingElse() throws Exception {
		try (GitOpsRepository repository = local()) {
			repository.write(new RepositoryChange(UUID.randomUUID(), FOLDER,
					Map.of(FOLDER + "/deployment.yaml", bytes("a: 1"), FOLDER + "/old.yaml", bytes("b: 1"),
							"environments/finance/other/deployment.yaml", bytes("c: 1")),
					"first\n\nHaven-Request: x\n", null));
			repository.write(change(UUID.randomUUID(), "replicas: 3"));
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
				.isThrownBy(() -> new RepositoryChange(UUID.randomUUID(), FOLDER, Map.of(path, bytes("x")), "m", null));
		}
		assertThatExceptionOfType(PathRefusedException.class)
			.isThrownBy(() -> new RepositoryChange(UUID.randomUUID(), "environments/finance", Map.of(), "m", null));
		assertThatExceptionOfType(PathRefusedException.class)
			.isThrownBy(() -> new RepositoryChange(UUID.randomUUID(), "clusters/x/y", Map.of(), "m", null));
	}

	@Test
	void pushesToARealGitServer() throws Exception {
		Path served = Files.createDirectories(this.data.resolve("served"));
		Git.run(served, "init", "--bare", "--initial-branch=main", "gitops.git");
		try (GitDaemon daemon = new GitDaemon(served); GitOpsRepository repository = remote(daemon.url("gitops.git"))) {
			UUID id = UUID.randomUUID();
			CommitResult result = repository.write(change(id, "replicas: 2"));
			assertThat(Git.run(daemon.path("gitops.git"), "rev-parse", "main")).isEqualTo(result.sha());
			assertThat(repository.write(change(id, "replicas: 2")).sha()).isEqualTo(result.sha());
		}
	}

	@Test
	void buildsTheChangeAgainWhenTheRemoteMovedMeanwhile() throws Exception {
		Path served = Files.createDirectories(this.data.resolve("served"));
		Git.run(served, "init", "--bare", "--initial-branch=main", "gitops.git");
		try (GitDaemon daemon = new GitDaemon(served)) {
			GitOpsProperties properties = properties(daemon.url("gitops.git"));
			PushingRemote real = new PushingRemote(properties);
			// another writer pushes right before our first push
			GitRemote racing = new GitRemote() {

				private boolean raced;

				@Override
				public void refresh(Repository repository, String branch) {
					real.refresh(repository, branch);
				}

				@Override
				public boolean publish(Repository repository, String branch, ObjectId base, ObjectId commit) {
					if (!this.raced) {
						this.raced = true;
						pushElsewhere(daemon.url("gitops.git"));
					}
					return real.publish(repository, branch, base, commit);
				}

			};
			try (GitOpsRepository repository = new GitOpsRepository(properties, racing, CLOCK)) {
				CommitResult result = repository.write(change(UUID.randomUUID(), "replicas: 2"));
				String log = Git.run(daemon.path("gitops.git"), "log", "--format=%s", "main");
				assertThat(log.lines()).containsExactly("Create finance/erp (prod, eu-west)", "someone else");
				assertThat(Git.run(daemon.path("gitops.git"), "rev-parse", "main")).isEqualTo(result.sha());
			}
		}
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
		var request = ApprovedRequests.approved(id, "odoo-dedicated", "finance", "erp", "prod",
				ApprovedRequests.prod(id).parameters(), ApprovedRequests.prod(id).ticket(), List.of("bob (APPROVER)"));
		return new RepositoryChange(
				id, FOLDER, Map.of(FOLDER + "/deployment.yaml", bytes(deployment),
						"clusters/shared-eu-west/finance-erp.yaml", bytes("kind: Application")),
				CommitMessage.of(request), request.approvedAt());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static RevCommit head(Repository repository) throws IOException {
		try (RevWalk walk = new RevWalk(repository)) {
			return walk.parseCommit(repository.resolve("refs/heads/main"));
		}
	}

	private static int commitCount(Repository repository) throws IOException {
		int count = 0;
		try (RevWalk walk = new RevWalk(repository)) {
			walk.markStart(walk.parseCommit(repository.resolve("refs/heads/main")));
			for (RevCommit ignored : walk) {
				count++;
			}
		}
		return count;
	}

	private static Map<String, String> files(Repository repository, RevCommit commit) throws IOException {
		Map<String, String> files = new java.util.TreeMap<>();
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
