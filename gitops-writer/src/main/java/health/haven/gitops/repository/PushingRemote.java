package health.haven.gitops.repository;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProxySelector;
import java.net.UnknownHostException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
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
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote repository reached over git, HTTPS or SSH. Pushes never force: each carries a
 * lease on the head the commit was built on, and a moved head sends the writer back to
 * build again. A push sends the objects its batch wrote through {@link SendPack}; JGit's
 * own push settles whatever that leaves open, and makes the first push of a branch.
 */
class PushingRemote implements GitRemote {

	private static final Logger logger = LoggerFactory.getLogger(PushingRemote.class);

	private final String url;

	private final URIish uri;

	private final GitOpsProperties properties;

	private final CredentialsProvider credentials;

	private final SshdSessionFactory sshSessions;

	private final TransportConfigCallback ssh;

	private final HttpClient http;

	private volatile boolean toldOfFallback;

	PushingRemote(GitOpsProperties properties, GitKeys keys) {
		this.url = properties.url();
		try {
			this.uri = new URIish(this.url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("haven.gitops.url is not a git URL: " + ex.getMessage(), ex);
		}
		this.properties = properties;
		this.credentials = (properties.username() != null && !properties.username().isBlank())
				? new UsernamePasswordCredentialsProvider(properties.username(),
						(properties.password() != null) ? properties.password() : "")
				: null;
		this.sshSessions = (keys.sshKey() != null) ? sshSessions(keys, properties.mirror().resolveSibling("gitops-ssh"))
				: null;
		this.ssh = (this.sshSessions != null) ? (transport) -> {
			if (transport instanceof SshTransport sshTransport) {
				sshTransport.setSshSessionFactory(this.sshSessions);
			}
		} : null;
		this.http = isHttp(this.uri) ? HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(ReceivePackChannel.CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.proxy(ProxySelector.getDefault())
			.build() : null;
	}

	private static boolean isHttp(URIish uri) {
		return "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
	}

	/**
	 * SSH through Apache MINA sshd: the configured key only, and only to a host whose key
	 * is in the configured known-hosts file (an unknown or changed host key is refused).
	 * Its own folder keeps the user's {@code ~/.ssh} and its config out of it.
	 */
	private static SshdSessionFactory sshSessions(GitKeys keys, Path home) {
		return new SshdSessionFactoryBuilder().setHomeDirectory(home.toFile())
			.setSshDirectory(home.toFile())
			.setPreferredAuthentications("publickey")
			.setDefaultIdentities((directory) -> List.of(keys.sshKey()))
			.setDefaultKnownHostsFiles((directory) -> List.of(keys.sshKnownHosts()))
			.build(new JGitKeyCache());
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

	@Override
	public boolean publish(Repository repository, String branch, Batch batch) {
		String ref = Constants.R_HEADS + branch;
		if (batch.base() != null) {
			SendPack.Result sent = sendPack(repository, ref, batch);
			switch (sent.outcome()) {
				case PUSHED:
					return true;
				case MOVED:
					return false;
				case UNSETTLED:
					if (sent.reason() != null) {
						tellOfFallback(sent.reason());
					}
			}
		}
		return pushWithJGit(repository, ref, batch.base(), batch.tip());
	}

	private SendPack.Result sendPack(Repository repository, String ref, Batch batch) {
		try (ReceivePackChannel channel = channel()) {
			if (channel == null) {
				return SendPack.Result.unsettled(null);
			}
			return new SendPack(repository).push(channel, ref, batch.base(), batch.tip(), batch.objects());
		}
		catch (IOException | RuntimeException ex) {
			Throwable unreachable = unreachable(ex);
			if (unreachable != null) {
				// JGit's push would find the server away too: the pass waits for the next
				// attempt instead
				throw new GitOpsWriteException("Could not push to the GitOps remote: " + unreachable, ex);
			}
			// whatever else went wrong, JGit's push settles it: its lease makes a second
			// attempt safe even when the server took this one
			return SendPack.Result.unsettled(ex.toString());
		}
	}

	/**
	 * The cause that says no connection could be made (the server is down, its name is
	 * unknown, no route to it), if that is what went wrong.
	 */
	private static Throwable unreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || cause instanceof HttpConnectTimeoutException) {
				return cause;
			}
		}
		return null;
	}

	/**
	 * The receive-pack service at the remote's URL; {@code null} for a URL whose
	 * transport only JGit's push speaks (a path on this machine, SSH without a configured
	 * key).
	 */
	private ReceivePackChannel channel() throws IOException {
		String scheme = this.uri.getScheme();
		if ("git".equals(scheme)) {
			return new ReceivePackChannel.Daemon(this.uri);
		}
		if (isHttp(this.uri)) {
			return new SmartHttpChannel(this.http, this.uri, this.properties.username(), this.properties.password());
		}
		boolean ssh = (scheme != null) ? scheme.contains("ssh") : this.uri.getHost() != null;
		return (ssh && this.sshSessions != null) ? new ReceivePackChannel.Ssh(this.uri, this.sshSessions) : null;
	}

	/**
	 * Said once as a warning: a remote that always needs the fallback would say it at
	 * every push.
	 */
	private void tellOfFallback(String reason) {
		if (!this.toldOfFallback) {
			this.toldOfFallback = true;
			logger.warn("Pushing to the GitOps remote with JGit's own push (slower in a large repository): {}", reason);
		}
		else {
			logger.debug("Pushing to the GitOps remote with JGit's own push: {}", reason);
		}
	}

	private boolean pushWithJGit(Repository repository, String ref, ObjectId base, ObjectId commit) {
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
						if (SendPack.movedBranch(update.getMessage())) {
							return false;
						}
						throw refused(ref, update);
					default:
						throw refused(ref, update);
				}
			}
			return true;
		}
		catch (GitAPIException ex) {
			throw new GitOpsWriteException("Could not push to the GitOps remote: " + ex.getMessage(), ex);
		}
	}

	private static GitOpsWriteException refused(String ref, RemoteRefUpdate update) {
		return new GitOpsWriteException("The GitOps remote refused the push of " + Repository.shortenRefName(ref) + ": "
				+ update.getStatus() + " " + update.getMessage());
	}

}
