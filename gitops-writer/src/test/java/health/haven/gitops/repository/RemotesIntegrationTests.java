package health.haven.gitops.repository;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The remotes people use, each a real server on loopback: smart HTTP with Basic
 * authentication (a forge and a token) and SSH with a key and known hosts; and commits
 * signed with an SSH key that C git verifies.
 */
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
		Path served = Files.createDirectories(this.data.resolve("served"));
		Git.run(served, "init", "-q", "--bare", "--initial-branch=main", "gitops.git");
		return served;
	}

	private GitOpsProperties properties(String url, String username, String password) {
		return new GitOpsProperties(url, this.data.resolve("gitops.git"), this.data.resolve("mirror.git"), "main", null,
				"Haven", "haven@haven.example", username, password, null);
	}

}
