package health.haven.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.EventPublication;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.gitops.render.Kustomize;
import health.haven.gitops.validate.ManifestSchemas;
import health.haven.gitops.validate.TestSchemas;
import health.haven.provisioning.request.ManifestsCommitted;
import health.haven.provisioning.request.RequestApproved;
import health.haven.test.ApiClient;
import health.haven.test.GitOpsRepositoryReader;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spine, through the public API as a ticketing system drives it: a token, a
 * production request for alice, bob's approval, the commit in the GitOps repository with
 * its trailers and a manifest set that builds and validates, and a re-delivered approval
 * that makes no second commit.
 */
class EnvironmentRequestStoryTests extends PortalTest {

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	CompletedEventPublications completed;

	@Test
	void aTicketBecomesAnApprovedCommitInTheGitOpsRepository(@TempDir Path checkout) throws Exception {
		ApiClient servicenow = api().withToken();
		ApiClient.Response created = servicenow.post("/api/v1/requests", """
				{"catalogItem": "odoo-dedicated", "environment": "finance-prod", "team": "finance",
				 "environmentClass": "prod", "region": "eu-west",
				 "parameters": {"odooVersion": "17.0", "workers": 6, "adminAllowList": ["10.20.0.0/16"]},
				 "ticket": {"system": "servicenow", "id": "CHG0031337", "url": "https://servicenow.example/CHG0031337"},
				 "onBehalfOf": "alice"}
				""");
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().path("id").asText();
		assertThat(created.json().path("state").asText()).isEqualTo("PENDING_APPROVAL");
		assertThat(created.json().at("/approvals/awaiting/role").asText()).isEqualTo("SECURITY_REVIEWER");

		// the production policy: a security review, then two distinct approvers of the
		// board
		for (String approver : List.of("carol", "bob", "erin")) {
			ApiClient.Response approved = servicenow.post("/api/v1/requests/" + id + "/decisions",
					"{\"decision\": \"APPROVE\", \"comment\": \"CAB 2026-11-27\", \"onBehalfOf\": \"%s\"}"
						.formatted(approver));
			assertThat(approved.status()).isEqualTo(200);
		}

		JsonNode committed = servicenow.awaitState(id, "COMMITTED");
		String sha = committed.at("/commit/sha").asText();
		assertThat(committed.at("/commit/path").asText()).isEqualTo("environments/finance/finance-prod");
		assertThat(committed.path("timeline").valueStream().map((entry) -> entry.path("state").asText()))
			.containsExactly("SUBMITTED", "PENDING_APPROVAL", "PENDING_APPROVAL", "PENDING_APPROVAL", "APPROVED",
					"COMMITTED");

		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
			RevCommit commit = repository.commit(sha);
			assertThat(repository.branch("main").get(0)).isEqualTo(commit);
			assertThat(commit.getFooterLines("Haven-Request")).containsExactly(id);
			assertThat(commit.getFooterLines("Ticket")).containsExactly("servicenow CHG0031337");
			assertThat(commit.getFooterLines("Requested-by")).containsExactly("alice via ticketing-demo");
			assertThat(commit.getFooterLines("Approved-by")).containsExactly("carol (SECURITY_REVIEWER)",
					"bob (APPROVER)", "erin (APPROVER)");
			Map<String, String> files = repository.files(commit);
			assertThat(files).containsKeys("environments/finance/finance-prod/kustomization.yaml",
					"environments/finance/finance-prod/namespace.yaml",
					"environments/finance/finance-prod/odoo-config.yaml",
					"environments/finance/finance-prod/deployment.yaml",
					"environments/finance/finance-prod/service.yaml", "environments/finance/finance-prod/database.yaml",
					"environments/finance/finance-prod/ingress-route.yaml",
					"environments/finance/finance-prod/network-policy-default-deny.yaml",
					"environments/finance/finance-prod/resource-quota.yaml",
					"clusters/dedicated-eu-west/teams/finance/finance-prod.yaml");
			assertThat(files.get("environments/finance/finance-prod/odoo-config.yaml")).contains("workers = 6");
		}

		// what a GitOps controller would check out builds and is valid
		run(checkout.getParent(), "git", "clone", "-q", gitOpsRepository().toString(), checkout.toString());
		Path built = Kustomize.build(checkout.resolve("environments/finance/finance-prod"));
		ManifestSchemas schemas = TestSchemas.builtIn();
		var objects = ManifestSchemas.readDocuments(built);
		assertThat(objects).hasSizeGreaterThan(15);
		assertThat(objects).allSatisfy((object) -> assertThat(schemas.validate(object)).isEmpty());

		redeliveringTheApprovalMakesNoSecondCommit(id, sha);
	}

	private void redeliveringTheApprovalMakesNoSecondCommit(String id, String sha) throws Exception {
		RequestApproved approval = this.completed.findAll()
			.stream()
			.map(EventPublication::getEvent)
			.filter((event) -> event instanceof RequestApproved approved && approved.requestId().toString().equals(id))
			.map(RequestApproved.class::cast)
			.findFirst()
			.orElseThrow();
		int commitsBefore;
		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
			commitsBefore = repository.branch("main").size();
		}
		this.transactions.executeWithoutResult((status) -> this.events.publishEvent(approval));
		await().atMost(Duration.ofSeconds(30)).until(() -> reportedCommits(id) == 2);
		try (GitOpsRepositoryReader repository = new GitOpsRepositoryReader(gitOpsRepository())) {
			assertThat(repository.branch("main")).hasSize(commitsBefore);
		}
		JsonNode request = api().withToken().get("/api/v1/requests/" + id).json();
		assertThat(request.path("state").asText()).isEqualTo("COMMITTED");
		assertThat(request.at("/commit/sha").asText()).isEqualTo(sha);
	}

	private long reportedCommits(String id) {
		return this.completed.findAll()
			.stream()
			.map(EventPublication::getEvent)
			.filter((event) -> event instanceof ManifestsCommitted committed
					&& committed.requestId().toString().equals(id))
			.count();
	}

	private static void run(Path directory, String... command) throws Exception {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

}
