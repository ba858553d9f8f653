package health.haven.gitops.repository;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the GitOps repository is and how commits are signed off.
 *
 * @param url the remote repository ({@code HAVEN_GITOPS_URL}); empty for the local bare
 * repository
 * @param repository the local bare repository that is the GitOps repository when there is
 * no remote
 * @param mirror the local bare mirror commits are built in before they are pushed to the
 * remote
 * @param controllerUrl the URL the GitOps controller reads from, written into its
 * Application; by default the remote URL, or the local repository's file URL
 * @param username user for an HTTPS remote; the password or token comes from
 * {@code password}, which is only ever bound from the environment
 * ({@code HAVEN_GITOPS_PASSWORD}), never stored
 * @param schemasDir a folder of Kubernetes and CRD schemas exported from the platform
 * team's clusters ({@code HAVEN_GITOPS_SCHEMAS_DIR}); every rendered manifest is
 * validated against it before it is committed, instead of against the schemas shipped
 * with the portal
 */
@ConfigurationProperties("haven.gitops")
public record GitOpsProperties(String url, Path repository, Path mirror, @DefaultValue("main") String branch,
		String controllerUrl, @DefaultValue("Haven") String authorName,
		@DefaultValue("haven@haven.example") String authorEmail, String username, String password, Path schemasDir) {

	public GitOpsProperties {
		if (repository == null || mirror == null) {
			throw new IllegalArgumentException("haven.gitops.repository and haven.gitops.mirror must be set");
		}
		if (!branch.matches("[A-Za-z0-9][A-Za-z0-9._/-]*") || branch.contains("..")) {
			throw new IllegalArgumentException("haven.gitops.branch is not a valid branch name: " + branch);
		}
	}

	/**
	 * Never shows the password, wherever the properties end up in a log.
	 */
	@Override
	public String toString() {
		return "GitOpsProperties[url=" + this.url + ", repository=" + this.repository + ", mirror=" + this.mirror
				+ ", branch=" + this.branch + ", username=" + this.username + ", password="
				+ ((this.password != null) ? "(set)" : "(none)") + "]";
	}

	public boolean hasRemote() {
		return this.url != null && !this.url.isBlank();
	}

	/**
	 * The local bare repository commits are made in.
	 */
	public Path localRepository() {
		return hasRemote() ? this.mirror : this.repository;
	}

	public String effectiveControllerUrl() {
		if (this.controllerUrl != null && !this.controllerUrl.isBlank()) {
			return this.controllerUrl;
		}
		return hasRemote() ? this.url : this.repository.toAbsolutePath().normalize().toUri().toString();
	}

}
