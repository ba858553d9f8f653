package health.haven.gitops.repository;

/**
 * The repository could not take the commit: the remote refused it, or kept moving for
 * longer than the writer retries.
 */
public class GitOpsWriteException extends RuntimeException {

	public GitOpsWriteException(String message) {
		super(message);
	}

	public GitOpsWriteException(String message, Throwable cause) {
		super(message, cause);
	}

}
