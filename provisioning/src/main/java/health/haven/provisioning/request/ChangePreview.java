package health.haven.provisioning.request;

import java.util.Map;

import health.haven.provisioning.gate.Manifests;

/**
 * What an approved request would write into the GitOps repository, before anyone decides:
 * the rendered manifests, and the diff against what the repository holds now. Provided by
 * the GitOps writer (the module that renders); absent, the portal shows no preview.
 */
public interface ChangePreview {

	Preview preview(RequestApproved request);

	/**
	 * The request's manifests as the writer would render and validate them, without the
	 * diff (nothing of the repository is read): for the policy gates at submission.
	 */
	Preview render(RequestApproved request);

	/**
	 * @param manifests the rendered files, by their paths in the repository, with the
	 * objects they were written from
	 * @param diff a unified diff from what the repository holds now to them
	 * @param problem why there is no preview (a render the schemas refuse), or
	 * {@code null}
	 */
	record Preview(Manifests manifests, String diff, String problem) {

		/**
		 * The rendered files, by their paths in the repository.
		 */
		public Map<String, String> files() {
			return this.manifests.files();
		}

	}

}
