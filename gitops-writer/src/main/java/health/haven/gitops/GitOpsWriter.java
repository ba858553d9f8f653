package health.haven.gitops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import health.haven.gitops.render.Destination;
import health.haven.gitops.render.ManifestRenderers;
import health.haven.gitops.render.RenderedEnvironment;
import health.haven.gitops.render.RenderingException;
import health.haven.gitops.repository.CommitMessage;
import health.haven.gitops.repository.CommitResult;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.gitops.repository.RepositoryChange;
import health.haven.gitops.validate.InvalidManifestsException;
import health.haven.gitops.validate.ManifestValidator;
import health.haven.provisioning.request.ManifestCommitFailed;
import health.haven.provisioning.request.ManifestsCommitted;
import health.haven.provisioning.request.RequestApproved;

/**
 * Writes approved requests to the GitOps repository and reports the outcome. Idempotent:
 * a re-delivered approval finds its commit by trailer and reports the same commit again.
 */
@Component
class GitOpsWriter {

	private static final Logger logger = LoggerFactory.getLogger(GitOpsWriter.class);

	private final ManifestRenderers renderers;

	private final ManifestValidator validator;

	private final GitOpsRepository repository;

	private final Destination destination;

	private final ApplicationEventPublisher events;

	GitOpsWriter(ManifestRenderers renderers, ManifestValidator validator, GitOpsRepository repository,
			Destination destination, ApplicationEventPublisher events) {
		this.renderers = renderers;
		this.validator = validator;
		this.repository = repository;
		this.destination = destination;
		this.events = events;
	}

	@ApplicationModuleListener
	void on(RequestApproved approved) {
		RenderedEnvironment rendered;
		try {
			rendered = this.renderers.render(approved, this.destination);
			this.validator.check(rendered);
		}
		catch (RenderingException | InvalidManifestsException ex) {
			fail(approved, "render", ex);
			return;
		}
		try {
			CommitResult result = this.repository.write(new RepositoryChange(approved.requestId(),
					rendered.environmentPath(), rendered.asYaml(), CommitMessage.of(approved), approved.approvedAt()));
			logger.info("Request {} is in the GitOps repository at {}{}", approved.requestId(), result.sha(),
					result.created() ? "" : " (committed before)");
			this.events
				.publishEvent(new ManifestsCommitted(approved.requestId(), result.sha(), rendered.environmentPath()));
		}
		catch (Exception ex) {
			fail(approved, "gitops-commit", ex);
		}
	}

	private void fail(RequestApproved approved, String step, Exception ex) {
		logger.warn("Request {} failed at {}: {}", approved.requestId(), step, ex.getMessage());
		this.events.publishEvent(new ManifestCommitFailed(approved.requestId(), step, ex.getMessage()));
	}

}
