package health.haven.gitops.repository;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.api.errors.UnsupportedSigningFormatException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;

/**
 * Signs commits with an SSH key, as {@code git commit -S} with {@code gpg.format=ssh}
 * does: {@code git verify-commit} with an allowed-signers file proves who wrote them.
 */
final class CommitSigner {

	private final Signer signer;

	private final GpgConfig config;

	private final String key;

	private CommitSigner(Signer signer, GpgConfig config, String key) {
		this.signer = signer;
		this.config = config;
		this.key = key;
	}

	static CommitSigner withSshKey(Path key) {
		Config config = new Config();
		config.setString("gpg", null, "format", "ssh");
		config.setString("user", null, "signingKey", key.toAbsolutePath().toString());
		Signer signer = Signers.get(GpgConfig.GpgFormat.SSH);
		if (signer == null) {
			throw new IllegalStateException("No SSH signer: org.eclipse.jgit.ssh.apache is missing");
		}
		return new CommitSigner(signer, new GpgConfig(config), key.toAbsolutePath().toString());
	}

	void sign(Repository repository, CommitBuilder commit, PersonIdent committer) throws IOException {
		try {
			this.signer.signObject(repository, this.config, commit, committer, this.key, null);
		}
		catch (CanceledException | UnsupportedSigningFormatException ex) {
			throw new IOException("Could not sign the commit with " + this.key + ": " + ex.getMessage(), ex);
		}
	}

}
