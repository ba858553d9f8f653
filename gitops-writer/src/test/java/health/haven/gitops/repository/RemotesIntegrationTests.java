package health.haven.gitops.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.jgit.lib.Constants;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The remotes people use, each a real server on loopback: {@code git daemon}, smart HTTP
 * with Basic authentication (a forge and a token) and SSH with a key and known hosts;
 * each takes a pass's objects as the writer sends them; and commits signed with an SSH
 * key that C git verifies.
 */
@ExtendWith(OutputCaptureExtension.class)
class RemotesIntegrationTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

	@TempDir
	Path data;

	@Test
	void pushesOverSmartHttpWithATokenAndSaysWhenTheTokenIsRefused() throws Exception {
		Path served = servedRepository();
		try (GitHttpServer server = new GitHttpServer(served, "haven-bot", "token-1234")) {
			try (GitOpsRepository repository = new GitOpsRepository(
					properties(server.url("gitops.git"), "haven-bot", "token-1234"), CLOCK)) {
				String sha = write(repository, UUID.randomUUID());
				assertThat(Git.run(server.path("gitops.git"), "rev-parse", "main")).isEqualTo(sha);
			}
			try (GitOpsRepository wrongToken = new GitOpsRepository(
					properties(server.url("gitops.git"), "haven-bot", "expired-token"), CLOCK)) {
				assertThatExceptionOfType(GitOpsWriteException.class).isThrownBy(wrongToken::refresh)
					.withMessageContaining("not authorized");
			}
		}
	}

	@Test
	void pushesOverSshWithAKeyToAHostItKnows() throws Exception {
		Path served = servedRepository();
		try (GitSshServer server = new GitSshServer(served)) {
			try (GitOpsRepository repository = new GitOpsRepository(properties(server.url("gitops.git"), null, null),
					new GitKeys(server.clientKey(), server.knownHosts(), null), CLOCK)) {
				String sha = write(repository, UUID.randomUUID());
				assertThat(Git.run(server.path("gitops.git"), "rev-parse", "main")).isEqualTo(sha);
			}
			// a host key the known-hosts file does not have is refused
			Path strangers = Files.writeString(this.data.resolve("known_hosts_without_it"), "");
			try (GitOpsRepository refusing = new GitOpsRepository(properties(server.url("gitops.git"), null, null),
					new GitKeys(server.clientKey(), strangers, null), CLOCK)) {
				assertThatExceptionOfType(GitOpsWriteException.class).isThrownBy(refusing::refresh)
					.withMessageContaining("Could not fetch from the GitOps remote");
			}
		}
	}

	@Test
	void signsEveryCommitWithAnSshKeyThatGitVerifies() throws Exception {
		Path key = this.data.resolve("signing_key");
		Programs.run(this.data, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "haven@haven.example", "-f",
				key.toString());
		String publicKey = Files.readString(this.data.resolve("signing_key.pub")).strip();
		Path allowedSigners = Files.writeString(this.data.resolve("allowed_signers"),
				"haven@haven.example namespaces=\"git\" " + publicKey + "\n");
		try (GitOpsRepository repository = new GitOpsRepository(properties(null, null, null),
				new GitKeys(null, null, key), CLOCK)) {
			String sha = write(repository, UUID.randomUUID());
			String verified = Programs.run(this.data.resolve("gitops.git"), "git", "-c",
					"gpg.ssh.allowedSignersFile=" + allowedSigners, "verify-commit", "-v", sha);
			assertThat(verified).contains("Good \"git\" signature for haven@haven.example");
		}
	}

	@Test
	void eachServerTakesAPassAsThePassWroteIt(CapturedOutput output) throws Exception {
		Path served = servedRepository();
		try (GitDaemon daemon = new GitDaemon(served)) {
			assertPassLands(new GitOpsRepository(properties(daemon.url("gitops.git"), null, null, "daemon"), CLOCK),
					daemon.path("gitops.git"));
		}
		servedRepository("http");
		try (GitHttpServer server = new GitHttpServer(this.data.resolve("http"), "haven-bot", "token-1234")) {
			assertPassLands(
					new GitOpsRepository(properties(server.url("gitops.git"), "haven-bot", "token-1234", "http"),
							CLOCK),
					server.path("gitops.git"));
		}
		servedRepository("ssh");
		try (GitSshServer server = new GitSshServer(this.data.resolve("ssh"))) {
			assertPassLands(
					new GitOpsRepository(properties(server.url("gitops.git"), null, null, "ssh"),
							new GitKeys(server.clientKey(), server.knownHosts(), null), CLOCK),
					server.path("gitops.git"));
		}
		assertThat(output).doesNotContain("with JGit's own push");
	}

	/**
	 * The first push starts the branch (JGit's push); the second, a pass of two commits
	 * on it, sends what the pass wrote and nothing else.
	 */
	private void assertPassLands(GitOpsRepository repository, Path served) throws Exception {
		try (repository) {
			write(repository, UUID.randomUUID());
			Set<String> before = looseObjects(served);
			Batch batch = repository.build(repository.refresh(),
					List.of(change(UUID.randomUUID(), "replicas: 3"), change(UUID.randomUUID(), "replicas: 4")));
			assertThat(repository.publish(batch)).isTrue();
			assertThat(Git.run(served, "rev-parse", "main")).isEqualTo(batch.tip().name());
			assertThat(Git.run(served, "rev-list", "--count", "main")).isEqualTo("3");
			assertThat(Git.run(served, "fsck", "--no-progress", "--strict")).isEmpty();
			Set<String> received = new HashSet<>(looseObjects(served));
			received.removeAll(before);
			assertThat(received).contains(batch.tip().name())
				.isSubsetOf(batch.objects().stream().map((object) -> object.id().name()).toList());
		}
	}

	@Test
	void settlesWithJGitsPushWhatTheServerFoundIncomplete(CapturedOutput output) throws Exception {
		try (GitDaemon daemon = new GitDaemon(servedRepository()); GitOpsRepository repository = writerOf(daemon)) {
			Batch batch = secondPass(repository);
			// a pass that forgot objects it wrote: the server's connectivity check finds
			// the hole
			Batch incomplete = new Batch(batch.base(), batch.tip(), batch.commits(),
					batch.objects().stream().filter((object) -> object.type() != Constants.OBJ_TREE).toList());
			assertThat(repository.publish(incomplete)).isTrue();
			assertThat(Git.run(daemon.path("gitops.git"), "rev-parse", "main")).isEqualTo(batch.tip().name());
			assertThat(Git.run(daemon.path("gitops.git"), "fsck", "--no-progress", "--connectivity-only")).isEmpty();
		}
		assertThat(output).containsOnlyOnce("with JGit's own push").contains("missing necessary objects");
	}

	@Test
	void saysTheBranchMovedWithoutSendingAPack(CapturedOutput output) throws Exception {
		try (GitDaemon daemon = new GitDaemon(servedRepository()); GitOpsRepository repository = writerOf(daemon)) {
			Batch batch = secondPass(repository);
			String other = pushElsewhere(daemon.url("gitops.git"));
			Set<String> before = looseObjects(daemon.path("gitops.git"));
			assertThat(repository.publish(batch)).isFalse();
			assertThat(Git.run(daemon.path("gitops.git"), "rev-parse", "main")).isEqualTo(other);
			assertThat(looseObjects(daemon.path("gitops.git"))).isEqualTo(before);
		}
		assertThat(output).doesNotContain("with JGit's own push");
	}

	@Test
	void saysTheServerIsAwayWithoutTryingJGitsPushToo(CapturedOutput output) throws Exception {
		try (GitDaemon daemon = new GitDaemon(servedRepository()); GitOpsRepository repository = writerOf(daemon)) {
			Batch batch = secondPass(repository);
			daemon.stop();
			assertThatExceptionOfType(GitOpsWriteException.class).isThrownBy(() -> repository.publish(batch))
				.withMessageContaining("Could not push to the GitOps remote")
				.withMessageContaining("Connection refused");
			daemon.start();
			// as the commit loop does after a failed push: build again on what the remote
			// has
			Batch again = repository.build(repository.refresh(), List.of(change(UUID.randomUUID(), "replicas: 3")));
			assertThat(repository.publish(again)).isTrue();
			assertThat(Git.run(daemon.path("gitops.git"), "rev-parse", "main")).isEqualTo(again.tip().name());
		}
		assertThat(output).doesNotContain("with JGit's own push");
	}

	private GitOpsRepository writerOf(GitDaemon daemon) throws IOException {
		return new GitOpsRepository(properties(daemon.url("gitops.git"), null, null), CLOCK);
	}

	/**
	 * A pass built on a branch the writer started, not published yet.
	 */
	private static Batch secondPass(GitOpsRepository repository) throws Exception {
		write(repository, UUID.randomUUID());
		return repository.build(repository.refresh(), List.of(change(UUID.randomUUID(), "replicas: 3")));
	}

	private String pushElsewhere(String url) throws Exception {
		Path clone = this.data.resolve("other");
		Git.run(this.data, "clone", "-q", url, clone.toString());
		Files.writeString(clone.resolve("README.md"), "platform team notes\n");
		Git.run(clone, "add", "README.md");
		Git.run(clone, "-c", "user.name=Other", "-c", "user.email=other@example.org", "commit", "-qm", "someone else");
		Git.run(clone, "push", "-q", "origin", "HEAD:main");
		return Git.run(clone, "rev-parse", "HEAD");
	}

	/**
	 * The objects a C git server keeps loose: what it unpacked from the small packs it
	 * received.
	 */
	private static Set<String> looseObjects(Path repository) throws IOException {
		try (Stream<Path> files = Files.walk(repository.resolve("objects"))) {
			return files.filter((file) -> file.getParent().getFileName().toString().matches("[0-9a-f]{2}"))
				.map((file) -> file.getParent().getFileName().toString() + file.getFileName())
				.collect(Collectors.toSet());
		}
	}

	private static RepositoryChange change(UUID id, String deployment) {
		String folder = "environments/finance/erp";
		return new RepositoryChange(id, folder,
				Map.of(folder + "/deployment.yaml", (deployment + "\n").getBytes(StandardCharsets.UTF_8)),
				"Change finance/erp\n\nHaven-Request: " + id + "\n");
	}

	private static String write(GitOpsRepository repository, UUID id) throws Exception {
		String folder = "environments/finance/erp";
		Batch batch = repository.build(repository.refresh(),
				List.of(new RepositoryChange(id, folder,
						Map.of(folder + "/deployment.yaml", "replicas: 2\n".getBytes(StandardCharsets.UTF_8)),
						"Create finance/erp\n\nHaven-Request: " + id + "\n")));
		assertThat(repository.publish(batch)).isTrue();
		return batch.tip().name();
	}

	private Path servedRepository() throws Exception {
		return servedRepository("served");
	}

	private Path servedRepository(String folder) throws Exception {
		Path served = Files.createDirectories(this.data.resolve(folder));
		Git.run(served, "init", "-q", "--bare", "--initial-branch=main", "gitops.git");
		return served;
	}

	private GitOpsProperties properties(String url, String username, String password) {
		return properties(url, username, password, "");
	}

	private GitOpsProperties properties(String url, String username, String password, String writer) {
		return new GitOpsProperties(url, this.data.resolve(writer + "gitops.git"),
				this.data.resolve(writer + "mirror.git"), "main", null, "Haven", "haven@haven.example", username,
				password, null);
	}

}
