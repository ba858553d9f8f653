package health.haven.gitops.repository;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key files the writer uses, by reference: the platform team mounts them (a
 * Kubernetes Secret as files, say); their contents are never in the portal's settings,
 * database or logs.
 *
 * @param sshKey the private key for an SSH remote ({@code HAVEN_GITOPS_SSH_KEY},
 * unencrypted OpenSSH or PEM format)
 * @param sshKnownHosts the known-hosts file the SSH remote's host key must be in
 * ({@code HAVEN_GITOPS_SSH_KNOWN_HOSTS}); a host not in it is refused
 * @param signingKey an SSH private key to sign every commit with
 * ({@code HAVEN_GITOPS_SIGNING_KEY}); commits are unsigned without one
 */
@ConfigurationProperties("haven.gitops")
public record GitKeys(Path sshKey, Path sshKnownHosts, Path signingKey) {

	public GitKeys {
		for (Path file : new Path[] { sshKey, sshKnownHosts, signingKey }) {
			if (file != null && !Files.isReadable(file)) {
				throw new IllegalArgumentException("The key file " + file + " cannot be read");
			}
		}
		if ((sshKey == null) != (sshKnownHosts == null)) {
			throw new IllegalArgumentException(
					"An SSH remote needs both haven.gitops.ssh-key and haven.gitops.ssh-known-hosts");
		}
	}

	public static GitKeys none() {
		return new GitKeys(null, null, null);
	}

}
