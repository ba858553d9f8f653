package health.haven.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import health.haven.gitops.commit.CommitLoop;
import health.haven.gitops.render.Destination;
import health.haven.gitops.render.ManifestRenderers;
import health.haven.gitops.render.RenderedEnvironment;
import health.haven.gitops.render.RenderingException;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.gitops.validate.InvalidManifestsException;
import health.haven.gitops.validate.ManifestValidator;
import health.haven.provisioning.gate.Manifests;
import health.haven.provisioning.request.ChangePreview;
import health.haven.provisioning.request.RequestApproved;
import health.haven.provisioning.request.RequestType;

/**
 * The preview of a request's change for the people who decide: rendered as the writer
 * would render it, validated against the same schemas, and compared with what the
 * repository's branch holds now. Nothing is written.
 */
@Component
class RenderedChangePreview implements ChangePreview {

	private final ManifestRenderers renderers;

	private final ManifestValidator validator;

	private final GitOpsRepository repository;

	private final Destination destination;

	RenderedChangePreview(ManifestRenderers renderers, ManifestValidator validator, GitOpsRepository repository,
			Destination destination) {
		this.renderers = renderers;
		this.validator = validator;
		this.repository = repository;
		this.destination = destination;
	}

	@Override
	public Preview render(RequestApproved request) {
		return preview(request, false);
	}

	@Override
	public Preview preview(RequestApproved request) {
		return preview(request, true);
	}

	private Preview preview(RequestApproved request, boolean withDiff) {
		RenderedEnvironment rendered;
		try {
			rendered = this.renderers.render(request, this.destination);
		}
		catch (RenderingException ex) {
			return new Preview(Manifests.written(Map.of(), Map.of()), "", "It cannot be rendered: " + ex.getMessage());
		}
		// a decommission writes nothing: its files are the ones it removes
		boolean removal = request.type() == RequestType.DECOMMISSION;
		Map<String, byte[]> files = removal ? rendered.asRemoval() : rendered.asChange();
		Map<String, String> text = new TreeMap<>();
		files.forEach((path, bytes) -> {
			if (bytes != null) {
				text.put(path, new String(bytes, StandardCharsets.UTF_8));
			}
		});
		Manifests manifests = Manifests.written(text, rendered.files());
		String problem = null;
		try {
			this.validator.check(rendered);
		}
		catch (InvalidManifestsException ex) {
			problem = "The schemas refuse it: " + ex.getMessage();
		}
		if (!withDiff) {
			return new Preview(manifests, "", problem);
		}
		try {
			return new Preview(manifests,
					this.repository.diffAgainstHead(files, rendered.environmentPath(), CommitLoop.DIFF_LIMIT), problem);
		}
		catch (IOException ex) {
			return new Preview(manifests, "", "The GitOps repository cannot be read now: " + ex.getMessage());
		}
	}

}
