package health.haven.gitops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.jgit.lib.Constants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;

import health.haven.gitops.render.Destination;
import health.haven.gitops.render.ManifestRenderers;
import health.haven.gitops.render.OdooManifestRenderer;
import health.haven.gitops.repository.GitOpsProperties;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.gitops.validate.ManifestSchemas;
import health.haven.gitops.validate.ManifestValidator;
import health.haven.gitops.validate.TestSchemas;
import health.haven.provisioning.request.ManifestCommitFailed;
import health.haven.provisioning.request.ManifestsCommitted;
import health.haven.provisioning.request.RequestApproved;

import static org.assertj.core.api.Assertions.assertThat;

class GitOpsWriterTests {

	@TempDir
	Path data;

	private final List<Object> published = new ArrayList<>();

	private GitOpsRepository repository;

	private GitOpsWriter writer;

	@BeforeEach
	void writer() throws Exception {
		GitOpsProperties properties = new GitOpsProperties(null, this.data.resolve("gitops.git"),
				this.data.resolve("mirror.git"), "main", null, "Haven", "haven@haven.example", null, null, null);
		this.repository = new GitOpsRepository(properties,
				Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));
		ManifestValidator validator = new ManifestValidator(TestSchemas.builtIn());
		this.writer = new GitOpsWriter(new ManifestRenderers(List.of(new OdooManifestRenderer())), validator,
				this.repository, new Destination(properties.effectiveControllerUrl(), "main"), this.published::add);
	}

	@AfterEach
	void close() {
		this.repository.close();
	}

	@Test
	void commitsAnApprovedRequestAndReportsTheCommit() throws Exception {
		RequestApproved approved = ApprovedRequests.prod(UUID.randomUUID());
		this.writer.on(approved);
		assertThat(this.published).singleElement().isInstanceOfSatisfying(ManifestsCommitted.class, (committed) -> {
			assertThat(committed.requestId()).isEqualTo(approved.requestId());
			assertThat(committed.path()).isEqualTo("environments/finance/finance-prod");
			assertThat(committed.commitSha()).isEqualTo(head());
		});
	}

	@Test
	void reportsTheSameCommitWhenTheApprovalIsDeliveredAgain() throws Exception {
		RequestApproved approved = ApprovedRequests.prod(UUID.randomUUID());
		this.writer.on(approved);
		this.writer.on(approved);
		assertThat(this.published).hasSize(2)
			.allSatisfy((event) -> assertThat(((ManifestsCommitted) event).commitSha()).isEqualTo(head()));
	}

	@Test
	void reportsARequestThatCannotBeRenderedAsFailedAndCommitsNothing() throws Exception {
		this.writer.on(ApprovedRequests.withParameter(ApprovedRequests.prod(UUID.randomUUID()), "odooVersion", "16.0"));
		assertThat(this.published).singleElement().isInstanceOfSatisfying(ManifestCommitFailed.class, (failed) -> {
			assertThat(failed.step()).isEqualTo("render");
			assertThat(failed.reason()).contains("16.0");
		});
		assertThat(this.repository.repository().resolve(Constants.R_HEADS + "main")).isNull();
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
		GitOpsWriter strict = new GitOpsWriter(new ManifestRenderers(List.of(new OdooManifestRenderer())),
				new ManifestValidator(ManifestSchemas.load(export)), this.repository,
				new Destination("https://git.example/gitops.git", "main"), this.published::add);
		strict.on(ApprovedRequests.prod(UUID.randomUUID()));
		assertThat(this.published).singleElement().isInstanceOfSatisfying(ManifestCommitFailed.class, (failed) -> {
			assertThat(failed.step()).isEqualTo("render");
			assertThat(failed.reason())
				.contains("ingress-route.yaml: no schema known for traefik.io/v1alpha1 IngressRoute");
		});
		assertThat(this.repository.repository().resolve(Constants.R_HEADS + "main")).isNull();
	}

	private String head() {
		try {
			return this.repository.repository().resolve(Constants.R_HEADS + "main").name();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
