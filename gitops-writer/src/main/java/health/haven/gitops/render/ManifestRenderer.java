package health.haven.gitops.render;

import health.haven.provisioning.request.RequestApproved;

/**
 * Turns an approved request into the manifests of its environment. One implementation per
 * manifest template id a catalog item can name. Rendering is pure: the same request gives
 * the same files.
 */
public interface ManifestRenderer {

	String templateId();

	RenderedEnvironment render(RequestApproved request, Destination destination);

}
