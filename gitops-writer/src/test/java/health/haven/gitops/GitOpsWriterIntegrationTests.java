package health.haven.gitops;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.gitops.commit.CommitLoop;
import health.haven.gitops.commit.CommitLoopSettings;
import health.haven.gitops.commit.CommitQueue;
import health.haven.gitops.commit.FolderRecords;
import health.haven.gitops.lease.HeldLease;
import health.haven.gitops.render.Destination;
import health.haven.gitops.render.ManifestRenderers;
import health.haven.gitops.render.OdooManifestRenderer;
import health.haven.gitops.repository.GitOpsProperties;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.gitops.validate.ManifestSchemas;
import health.haven.gitops.validate.ManifestValidator;
import health.haven.gitops.validate.TestSchemas;
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.gate.GateProperties;
import health.haven.provisioning.gate.GateSubject;
import health.haven.provisioning.gate.PolicyGates;
import health.haven.provisioning.request.GatesBeforeCommit;
import health.haven.provisioning.request.ManifestCommitFailed;
import health.haven.provisioning.request.ManifestsCommitted;
import health.haven.provisioning.request.RequestApproved;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From an approval to a commit: rendered, validated, queued in the approval's
 * transaction, committed by the writer and reported; a render that can never be written
 * fails at once with the reason and reaches nothing.
 */
@SpringJUnitConfig(WriterTestConfiguration.class)
@Import({ CommitQueue.class, FolderRecords.class })
class GitOpsWriterIntegrationTests {

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

	@BeforeEach
	void writer() throws Exception {
		this.jdbc.sql("delete from gitops_change").update();
		this.jdbc.sql("delete from gitops_folder").update();
		this.events.clear();
		GitOpsProperties properties = new GitOpsProperties(null, this.data.resolve("gitops.git"),
				this.data.resolve("mirror.git"), "main", null, "Haven", "haven@haven.example", null, null, null);
		this.repository = new GitOpsRepository(properties, this.clock);
		this.loop = new CommitLoop(this.queue, this.folders, this.repository, new HeldLease(),
				new CommitLoopSettings(200, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1)),
				this.clock);
	}

	@AfterEach
	void close() {
		this.repository.close();
	}

	@Test
	void commitsAnApprovedRequestAndReportsTheCommitWithItsPlacement() throws Exception {
		RequestApproved approved = ApprovedRequests.prod(UUID.randomUUID());
		deliver(writer(TestSchemas.builtIn()), approved);
		this.loop.drain();
		assertThat(this.events.of(ManifestsCommitted.class)).singleElement().satisfies((committed) -> {
			assertThat(committed.requestId()).isEqualTo(approved.requestId());
			assertThat(committed.path()).isEqualTo("environments/finance/finance-prod");
			assertThat(committed.commitSha()).isEqualTo(this.repository.head().name());
			assertThat(committed.placement().cluster()).isEqualTo("dedicated-eu-west");
			assertThat(committed.placement().controller()).isEqualTo(GitOpsController.ARGO_CD);
			assertThat(committed.placement().name()).isEqualTo("odoo-finance-finance-prod");
		});
		RevCommit head = head();
		assertThat(head.getFooterLines("Haven-Request")).containsExactly(approved.requestId().toString());
	}

	@Test
	void reportsTheSameCommitWhenTheApprovalIsDeliveredAgain() throws Exception {
		RequestApproved approved = ApprovedRequests.prod(UUID.randomUUID());
		GitOpsWriter writer = writer(TestSchemas.builtIn());
		deliver(writer, approved);
		deliver(writer, approved);
		this.loop.drain();
		deliver(writer, approved);
		this.loop.drain();
		assertThat(this.events.of(ManifestsCommitted.class)).hasSize(2)
			.allSatisfy((committed) -> assertThat(committed.commitSha()).isEqualTo(head().name()));
		assertThat(head().getParentCount()).isZero();
	}

	@Test
	void reportsARequestThatCannotBeRenderedAsFailedAndQueuesNothing() throws Exception {
		deliver(writer(TestSchemas.builtIn()),
				ApprovedRequests.withParameter(ApprovedRequests.prod(UUID.randomUUID()), "odooVersion", "16.0"));
		assertThat(this.events.of(ManifestCommitFailed.class)).singleElement().satisfies((failed) -> {
			assertThat(failed.step()).isEqualTo("render");
			assertThat(failed.reason()).contains("16.0");
		});
		assertThat(this.queue.due(10)).isEmpty();
	}

	@Test
	void aRenderTheClustersSchemasRefuseNeverReachesTheRepository() throws Exception {
		// a platform team's export from clusters that have no Traefik: the ingress is
		// refused
		Path export = this.data.resolve("export");
		Files.createDirectories(export.resolve("kubernetes"));
		try (InputStream openApi = new ClassPathResource(
				ManifestSchemas.BUILT_IN + "kubernetes/kubernetes-1.35.0-openapi.json")
			.getInputStream()) {
			Files.copy(openApi, export.resolve("kubernetes/openapi.json"));
		}
		deliver(writer(ManifestSchemas.load(export)), ApprovedRequests.prod(UUID.randomUUID()));
		this.loop.drain();
		assertThat(this.events.of(ManifestCommitFailed.class)).singleElement().satisfies((failed) -> {
			assertThat(failed.step()).isEqualTo("render");
			assertThat(failed.reason())
				.contains("ingress-route.yaml: no schema known for traefik.io/v1alpha1 IngressRoute");
		});
		assertThat(this.repository.head()).isNull();
	}

	@Test
	void aChangeTheGatesRefuseJustBeforeTheCommitFailsWithTheirReasons() throws Exception {
		GateProperties smallQuota = new GateProperties(List.of("registry.haven.example"), List.of("staging", "prod"),
				new GateProperties.Quota(20, 0.5, 256, 10000), Map.of());
		deliver(writer(ManifestSchemas.builtIn(), smallQuota), ApprovedRequests.prod(UUID.randomUUID()));
		this.loop.drain();
		assertThat(this.events.of(ManifestCommitFailed.class)).singleElement().satisfies((failed) -> {
			assertThat(failed.step()).isEqualTo("policy-gates");
			assertThat(failed.reason()).startsWith(
					"Policy gates failed just before the commit: configuration: " + "Over the team's quota: CPU cores");
		});
		assertThat(this.repository.head()).isNull();
	}

	private GitOpsWriter writer(ManifestSchemas schemas) {
		return writer(schemas, GateProperties.defaults());
	}

	/**
	 * A writer whose gates before the commit run as the portal's do, for a team without
	 * other environments.
	 */
	private GitOpsWriter writer(ManifestSchemas schemas, GateProperties gates) {
		PolicyGates policyGates = new PolicyGates(gates, Clock.systemUTC());
		return new GitOpsWriter(new ManifestRenderers(List.of(new OdooManifestRenderer())),
				new ManifestValidator(schemas), this.queue, this.loop,
				new Destination("https://git.example/gitops.git", "main"), this.events::publish,
				(approved, files) -> policyGates
					.check(GatesBeforeCommit.subject(approved, files, GateSubject.TeamUsage.NONE)));
	}

	// as the event publication registry delivers it: in a transaction of its own
	private void deliver(GitOpsWriter writer, RequestApproved approved) {
		this.transactions.executeWithoutResult((status) -> writer.on(approved));
	}

	private RevCommit head() throws Exception {
		try (RevWalk walk = new RevWalk(this.repository.repository())) {
			return walk.parseCommit(this.repository.head());
		}
	}

}
