package health.haven.gitops.render;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import health.haven.provisioning.request.RequestApproved;

/**
 * Picks the renderer a catalog item's template id names.
 */
@Component
public class ManifestRenderers {

	private final Map<String, ManifestRenderer> renderers;

	public ManifestRenderers(List<ManifestRenderer> renderers) {
		this.renderers = renderers.stream()
			.collect(Collectors.toMap(ManifestRenderer::templateId, Function.identity()));
	}

	public RenderedEnvironment render(RequestApproved request, Destination destination) {
		ManifestRenderer renderer = this.renderers.get(request.template());
		if (renderer == null) {
			throw new RenderingException(
					"No renderer for template '" + request.template() + "' of catalog item " + request.catalogItem());
		}
		return renderer.render(request, destination);
	}

}
