package health.haven.gitops.repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * A remote repository reached over git, HTTPS or SSH. Pushes never force: each carries a
 * lease on the head the commit was built on, and a moved head sends the writer back to
 * build again.
 */
class PushingRemote implements GitRemote {

	private final String url;

	private final CredentialsProvider credentials;

	private final TransportConfigCallback ssh;

	PushingRemote(GitOpsProperties properties, GitKeys keys) {
		this.url = properties.url();
		this.credentials = (properties.username() != null && !properties.username().isBlank())
				? new UsernamePasswordCredentialsProvider(properties.username(),
						(properties.password() != null) ? properties.password() : "")
				: null;
		this.ssh = (keys.sshKey() != null) ? ssh(keys, properties.mirror().resolveSibling("gitops-ssh")) : null;
	}

	/**
	 * SSH through Apache MINA sshd: the configured key only, and only to a host whose key
	 * is in the configured known-hosts file (an unknown or changed host key is refused).
	 * Its own folder keeps the user's {@code ~/.ssh} and its config out of it.
	 */
	private static TransportConfigCallback ssh(GitKeys keys, Path home) {
		SshdSessionFactory factory = new SshdSessionFactoryBuilder().setHomeDirectory(home.toFile())
			.setSshDirectory(home.toFile())
			.setPreferredAuthentications("publickey")
			.setDefaultIdentities((directory) -> List.of(keys.sshKey()))
			.setDefaultKnownHostsFiles((directory) -> List.of(keys.sshKnownHosts()))
			.build(new JGitKeyCache());
		return (transport) -> {
			if (transport instanceof SshTransport sshTransport) {
				sshTransport.setSshSessionFactory(factory);
			}
		};
	}

	/**
	 * One fetch of every branch of the remote, then the local branch set to the remote's
	 * (removed while the remote has none: the first commit starts it). One round trip:
	 * the shorter the time between fetch and push, the likelier the push lands while
	 * others push too.
	 */
	@Override
	public void refresh(Repository repository, String branch) {
		fetchAll(repository);
		try {
			String ref = Constants.R_HEADS + branch;
			Ref remote = repository.exactRef(Constants.R_REMOTES + "origin/" + branch);
			if (remote == null) {
				forget(repository, ref);
				return;
			}
			RefUpdate update = repository.updateRef(ref);
			update.setNewObjectId(remote.getObjectId());
			update.setForceUpdate(true);
			RefUpdate.Result result = update.update();
			if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE
					|| result == RefUpdate.Result.REJECTED) {
				throw new GitOpsWriteException("Could not set the mirror's " + branch + " to the remote's: " + result);
			}
		}
		catch (IOException ex) {
			throw new GitOpsWriteException("Could not set the mirror's " + branch + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void fetchAll(Repository repository) {
		try {
			Git.wrap(repository)
				.fetch()
				.setRemote(this.url)
				.setCredentialsProvider(this.credentials)
				.setTransportConfigCallback(this.ssh)
				.setRemoveDeletedRefs(true)
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

	private static boolean isLockContention(String message) {
		return message != null && (message.contains("atomic transaction failed") || message.contains("lock"));
	}

	@Override
	public boolean publish(Repository repository, String branch, ObjectId base, ObjectId commit) {
		String ref = "refs/heads/" + branch;
		PushCommand push = Git.wrap(repository)
			.push()
			.setRemote(this.url)
			.setCredentialsProvider(this.credentials)
			.setTransportConfigCallback(this.ssh)
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
					case REJECTED_OTHER_REASON:
						// another push held the server's ref lock: the branch is moving
						if (isLockContention(update.getMessage())) {
							return false;
						}
						throw new GitOpsWriteException("The GitOps remote refused the push of " + branch + ": "
								+ update.getStatus() + " " + update.getMessage());
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
