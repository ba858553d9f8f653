package health.haven.gitops.repository;

import java.io.IOException;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A remote repository reached over git, HTTPS or SSH. Pushes never force: each carries a
 * lease on the head the commit was built on, and a moved head sends the writer back to
 * build again.
 */
class PushingRemote implements GitRemote {

	private final String url;

	private final CredentialsProvider credentials;

	PushingRemote(GitOpsProperties properties) {
		this.url = properties.url();
		this.credentials = (properties.username() != null && !properties.username().isBlank())
				? new UsernamePasswordCredentialsProvider(properties.username(),
						(properties.password() != null) ? properties.password() : "")
				: null;
	}

	@Override
	public void refresh(Repository repository, String branch) {
		try {
			String ref = "refs/heads/" + branch;
			boolean remoteHasBranch = Git.lsRemoteRepository()
				.setRemote(this.url)
				.setCredentialsProvider(this.credentials)
				.setHeads(true)
				.call()
				.stream()
				.anyMatch((head) -> head.getName().equals(ref));
			if (!remoteHasBranch) {
				// an empty remote: the first commit starts the branch
				forget(repository, ref);
				return;
			}
			Git.wrap(repository)
				.fetch()
				.setRemote(this.url)
				.setCredentialsProvider(this.credentials)
				.setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch))
				.call();
		}
		catch (GitAPIException ex) {
			throw new GitOpsWriteException("Could not fetch " + branch + " from the GitOps remote: " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public void fetchAll(Repository repository) {
		try {
			Git.wrap(repository)
				.fetch()
				.setRemote(this.url)
				.setCredentialsProvider(this.credentials)
				.setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"))
				.call();
		}
		catch (GitAPIException ex) {
			throw new GitOpsWriteException("Could not fetch from the GitOps remote: " + ex.getMessage(), ex);
		}
	}

	private static void forget(Repository repository, String ref) {
		try {
			if (repository.exactRef(ref) != null) {
				RefUpdate update = repository.updateRef(ref);
				update.setForceUpdate(true);
				update.delete();
			}
		}
		catch (IOException ex) {
			throw new GitOpsWriteException("Could not reset the mirror's " + ref + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public boolean publish(Repository repository, String branch, ObjectId base, ObjectId commit) {
		String ref = "refs/heads/" + branch;
		PushCommand push = Git.wrap(repository)
			.push()
			.setRemote(this.url)
			.setCredentialsProvider(this.credentials)
			.setAtomic(true)
			.setRefSpecs(new RefSpec(commit.name() + ":" + ref));
		if (base != null) {
			push.setRefLeaseSpecs(new RefLeaseSpec(ref, base.name()));
		}
		try {
			for (PushResult result : push.call()) {
				RemoteRefUpdate update = result.getRemoteUpdate(ref);
				switch (update.getStatus()) {
					case OK, UP_TO_DATE:
						break;
					case REJECTED_REMOTE_CHANGED, REJECTED_NONFASTFORWARD:
						return false;
					default:
						throw new GitOpsWriteException("The GitOps remote refused the push of " + branch + ": "
								+ update.getStatus() + " " + update.getMessage());
				}
			}
			return true;
		}
		catch (GitAPIException ex) {
			throw new GitOpsWriteException("Could not push to the GitOps remote: " + ex.getMessage(), ex);
		}
	}

}
