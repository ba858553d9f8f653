package health.haven.gitops;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import health.haven.gitops.commit.CommitLoop;
import health.haven.gitops.commit.CommitQueue;
import health.haven.gitops.render.Destination;
import health.haven.gitops.render.ManifestRenderers;
import health.haven.gitops.render.RenderedEnvironment;
import health.haven.gitops.render.RenderingException;
import health.haven.gitops.repository.CommitMessage;
import health.haven.gitops.repository.PathRefusedException;
import health.haven.gitops.repository.RepositoryChange;
import health.haven.gitops.validate.InvalidManifestsException;
import health.haven.gitops.validate.ManifestValidator;
import health.haven.provisioning.gate.GateReport;
import health.haven.provisioning.gate.Manifests;
import health.haven.provisioning.request.GatesBeforeCommit;
import health.haven.provisioning.request.ManifestCommitFailed;
import health.haven.provisioning.request.RequestApproved;
import health.haven.provisioning.request.RequestType;

/**
 * Takes approved requests for the GitOps repository: renders and validates each, then
 * queues it for the one writer ({@link CommitLoop}), in the transaction that completes
 * the approval's delivery. A change that can never be written (its render is invalid or
 * its paths are refused) fails here, with the reason; everything else is committed once,
 * however often the approval is delivered.
 */
@Component
class GitOpsWriter {

	private static final Logger logger = LoggerFactory.getLogger(GitOpsWriter.class);

	private final ManifestRenderers renderers;

	private final ManifestValidator validator;

	private final CommitQueue queue;

	private final CommitLoop loop;

	private final Destination destination;

	private final ApplicationEventPublisher events;

	private final GatesBeforeCommit gates;

	GitOpsWriter(ManifestRenderers renderers, ManifestValidator validator, CommitQueue queue, CommitLoop loop,
			Destination destination, ApplicationEventPublisher events, GatesBeforeCommit gates) {
		this.gates = gates;
		this.renderers = renderers;
		this.validator = validator;
		this.queue = queue;
		this.loop = loop;
		this.destination = destination;
		this.events = events;
	}

	@ApplicationModuleListener
	void on(RequestApproved approved) {
		if (this.queue.reportIfCommitted(approved.requestId())) {
			return;
		}
		RenderedEnvironment rendered;
		Map<String, byte[]> change;
		try {
			rendered = this.renderers.render(approved, this.destination);
			this.validator.check(rendered);
			// written as YAML once: it was a third of an approval's CPU, twice
			change = rendered.asChange();
			// the writer checks the paths itself, whatever the renderer produced
			new RepositoryChange(approved.requestId(), rendered.environmentPath(), change, "");
		}
		catch (RenderingException | InvalidManifestsException | PathRefusedException ex) {
			logger.warn("Request {} cannot be written: {}", approved.requestId(), ex.getMessage());
			this.events.publishEvent(new ManifestCommitFailed(approved.requestId(), "render", ex.getMessage()));
			return;
		}
		Map<String, byte[]> files = (approved.type() == RequestType.DECOMMISSION) ? rendered.asRemoval() : change;
		// the gates again, on what is about to be committed: the objects its YAML was
		// just written from
		Manifests manifests = Manifests.written(text(files), rendered.files());
		GateReport gates = this.gates.check(approved, manifests);
		if (!gates.passed()) {
			logger.warn("Request {} fails its policy gates before the commit: {}", approved.requestId(),
					gates.failureSummary());
			this.events.publishEvent(new ManifestCommitFailed(approved.requestId(), "policy-gates",
					"Policy gates failed just before the commit: " + gates.failureSummary()));
			return;
		}
		if (this.queue.enqueue(approved.requestId(), rendered.environmentPath(), manifests.files(),
				CommitMessage.of(approved), rendered.placement())) {
			this.loop.wakeAfterCommit();
		}
	}

	private static Map<String, String> text(Map<String, byte[]> files) {
		Map<String, String> text = new TreeMap<>();
		// a file without content is one the change removes
		files.forEach(
				(path, bytes) -> text.put(path, (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null));
		return text;
	}

}
